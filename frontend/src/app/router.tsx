import { createBrowserRouter, Navigate, useRouteError } from "react-router";
import { AcceptInvitePage } from "../features/auth/AcceptInvitePage";
import { LoginPage } from "../features/auth/LoginPage";
import { RequireAuth } from "../features/auth/RequireAuth";
import { SetupPage } from "../features/auth/SetupPage";
import { EmptyState } from "../ui/Feedback";
import { AppShell } from "./AppShell";

function RouteError() {
  const err = useRouteError();
  return (
    <div className="p-6">
      <EmptyState title="This page failed to load">
        {err instanceof Error ? err.message : "Reload the page to try again."}
      </EmptyState>
    </div>
  );
}

function NotFound() {
  return (
    <div className="p-6">
      <EmptyState title="Page not found" action={<a className="font-medium text-brand-600" href="/board">Go to the board</a>}>
        There is nothing at this address.
      </EmptyState>
    </div>
  );
}

// Each screen is its own chunk: the first paint downloads only the shell and
// the screen it shows (the board's drag-and-drop code loads with the board).
export const router = createBrowserRouter([
  { path: "/setup", element: <SetupPage /> },
  { path: "/login", element: <LoginPage /> },
  { path: "/accept-invite", element: <AcceptInvitePage /> },
  {
    path: "/",
    element: (
      <RequireAuth>
        <AppShell />
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    hydrateFallbackElement: <div />,
    children: [
      { index: true, element: <Navigate to="/board" replace /> },
      { path: "board", lazy: async () => ({ Component: (await import("../features/board/BoardPage")).BoardPage }) },
      { path: "prospects", lazy: async () => ({ Component: (await import("../features/prospects/ProspectsPage")).ProspectsPage }) },
      { path: "prospects/:id", lazy: async () => ({ Component: (await import("../features/prospects/ProspectPage")).ProspectPage }) },
      { path: "accounts", lazy: async () => ({ Component: (await import("../features/accounts/AccountsPage")).AccountsPage }) },
      { path: "accounts/:id", lazy: async () => ({ Component: (await import("../features/accounts/AccountPage")).AccountPage }) },
      { path: "contacts", lazy: async () => ({ Component: (await import("../features/contacts/ContactsPage")).ContactsPage }) },
      { path: "contacts/:id", lazy: async () => ({ Component: (await import("../features/contacts/ContactPage")).ContactPage }) },
      { path: "tasks", lazy: async () => ({ Component: (await import("../features/tasks/TasksPage")).TasksPage }) },
      { path: "reports/*", lazy: async () => ({ Component: (await import("../features/reports/ReportsPage")).ReportsPage }) },
      { path: "settings/*", lazy: async () => ({ Component: (await import("../features/settings/SettingsPage")).SettingsPage }) },
      { path: "*", element: <NotFound /> },
    ],
  },
]);

import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router";
import { fakeApi, problem } from "../../test/fakeApi";
import { AccountFormDialog } from "./AccountFormDialog";

function renderForm() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <MemoryRouter>
        <AccountFormDialog onClose={() => {}} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("the account form shows the API's errors", () => {
  it("puts a field error under its field, linked for screen readers", async () => {
    const calls = fakeApi({
      "POST /api/v1/accounts": () => ({
        status: 422,
        body: problem(422, "validation_failed", "The request has invalid fields.", [{ field: "name", code: "invalid", message: "minimum string length is 1" }]),
      }),
    });
    renderForm();
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));

    const name = screen.getByLabelText("Company name");
    expect(await screen.findByText("This field is required.")).toBeTruthy();
    expect(name.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(name.getAttribute("aria-describedby")!)!.textContent).toBe("This field is required.");
    expect(calls[0]!.body).toEqual({ name: "", domain: null });
  });

  it("shows a conflict at the top of the form", async () => {
    fakeApi({ "POST /api/v1/accounts": () => ({ status: 409, body: problem(409, "conflict", "conflict: an account with domain globex.com exists") }) });
    renderForm();
    await userEvent.type(screen.getByLabelText("Company name"), "Globex");
    await userEvent.type(screen.getByLabelText("Domain"), "globex.com");
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));
    expect((await screen.findByRole("alert")).textContent).toContain("an account with domain globex.com exists");
    expect(screen.getByLabelText("Company name").getAttribute("aria-invalid")).toBe("false");
  });
});

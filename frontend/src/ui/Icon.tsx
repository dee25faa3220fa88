// A handful of 20px outline icons drawn inline (no icon font, no requests).
const paths = {
  board: "M3 4h4v12H3zM8 4h4v8H8zM13 4h4v10h-4z",
  prospects: "M3 5h14l-5 6v5l-4-2v-3z",
  accounts: "M4 17V5l6-2 6 2v12M8 8h1M11 8h1M8 11h1M11 11h1M8 14h4",
  contacts: "M10 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM4 17c0-3 3-5 6-5s6 2 6 5",
  tasks: "M4 5l1.5 1.5L8 4M4 11l1.5 1.5L8 10M11 5h6M11 11h6M11 16h6M4 16h4",
  settings: "M10 13a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM10 2v2M10 16v2M2 10h2M16 10h2M4.3 4.3l1.4 1.4M14.3 14.3l1.4 1.4M4.3 15.7l1.4-1.4M14.3 5.7l1.4-1.4",
  plus: "M10 4v12M4 10h12",
  search: "M9 15a6 6 0 1 0 0-12 6 6 0 0 0 0 12zM13.5 13.5 17 17",
  logout: "M12 4h3a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1h-3M8 14l-4-4 4-4M4 10h9",
  note: "M5 3h7l3 3v11H5zM8 9h5M8 12h5",
  call: "M5 3h3l1.5 4-2 1.2a9 9 0 0 0 4.3 4.3L13 10.5l4 1.5v3a2 2 0 0 1-2 2A12 12 0 0 1 3 5a2 2 0 0 1 2-2z",
  meeting: "M4 5h12v11H4zM4 8h12M7 3v4M13 3v4",
  email: "M3 5h14v10H3zM3 5l7 6 7-6",
  task: "M4 10l4 4 8-8",
  stage: "M4 10h12M12 6l4 4-4 4",
  chevron: "M7 5l5 5-5 5",
  back: "M12 5l-5 5 5 5",
  grip: "M7 5h.01M13 5h.01M7 10h.01M13 10h.01M7 15h.01M13 15h.01",
  more: "M5 10h.01M10 10h.01M15 10h.01",
  trash: "M4 6h12M8 6V4h4v2M6 6l1 11h6l1-11",
  key: "M12.5 7.5a3.5 3.5 0 1 1-7 0 3.5 3.5 0 0 1 7 0zM11 10l6 6M15 14l-2 2",
  reports: "M4 16V10M8 16V5M12 16v-7M16 16V7M3 16.5h14",
  download: "M10 3v10M6 9l4 4 4-4M4 16h12",
  close: "M5 5l10 10M15 5 5 15",
  touch: "M10 16a6 6 0 1 0 0-12 6 6 0 0 0 0 12zM10 12a2 2 0 1 0 0-4 2 2 0 0 0 0 4z",
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, className = "size-5" }: { name: IconName; className?: string }) {
  return (
    <svg viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinecap="round" strokeLinejoin="round" className={className} aria-hidden="true">
      <path d={paths[name]} />
    </svg>
  );
}

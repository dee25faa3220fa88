import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { TrackingSnippet, trackerSnippet } from "./TrackingSnippet";

describe("the tracking snippet", () => {
  it("is one script tag naming the server's tracker and the write key", () => {
    expect(trackerSnippet("https://crm.example.com", "ofw_abc")).toBe('<script async src="https://crm.example.com/t.js" data-write-key="ofw_abc"></script>');
  });

  it("shows the key and the origin as text, and never runs it", () => {
    render(<TrackingSnippet origin="https://crm.example.com" writeKey="ofw_abc" />);
    const code = screen.getByTestId("tracking-snippet");
    expect(code.textContent).toBe('<script async src="https://crm.example.com/t.js" data-write-key="ofw_abc"></script>');
    expect(code.children).toHaveLength(0);
    expect(document.querySelector("script[data-write-key]")).toBeNull();
    expect(screen.getByText(/Segment or RudderStack SDKs/).textContent).toContain("https://crm.example.com");
  });

  it("keeps a key with markup in it as text", () => {
    render(<TrackingSnippet origin="https://crm.example.com" writeKey={'"><img src=x onerror=alert(1)>'} />);
    expect(screen.getByTestId("tracking-snippet").textContent).toContain('data-write-key=""><img src=x onerror=alert(1)>"');
    expect(document.querySelector("img")).toBeNull();
  });
});

import { fetchFile } from "../../api/client";

// Long enough for any browser to have started saving the file.
const REVOKE_AFTER_MS = 60_000;

/**
 * downloadFile saves what a URL of the API answers under a file name. A plain
 * link cannot carry the Authorization header, so the file is fetched with the
 * session's token and handed to the browser through an object URL.
 */
export async function downloadFile(path: string, filename: string): Promise<void> {
  const blob = await fetchFile(path);
  const href = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = href;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), REVOKE_AFTER_MS);
}

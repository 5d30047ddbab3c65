/** Files as the import panel receives them, for the pane tests on jsdom. */
import { TextDecoder as NodeTextDecoder, TextEncoder as NodeTextEncoder } from "node:util";

// jsdom has no TextDecoder; the import decodes the file's bytes with it, as a browser does.
if (!("TextDecoder" in globalThis))
  Object.assign(globalThis, { TextDecoder: NodeTextDecoder as unknown as typeof TextDecoder });

/** A CSV File as Excel's "CSV UTF-8" writes it (BOM first), whose bytes jsdom can hand over. */
export function csvFile(text: string, name = "客户.csv"): File {
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new NodeTextEncoder().encode(text)]);
  const file = new File([bytes], name, { type: "text/csv" });
  // jsdom 20's Blob has no arrayBuffer.
  Object.defineProperty(file, "arrayBuffer", {
    value: () => Promise.resolve(bytes.buffer.slice(0)),
  });
  return file;
}

/** The import panel's (hidden) file input. */
export function fileInput(container: HTMLElement): HTMLInputElement {
  const input = container.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error("no file input");
  return input;
}

/**
 * Ribbon commands and the task pane share one JavaScript runtime (the manifest's shared
 * runtime), so a command hands its result to the pane through this tiny in-memory hub instead
 * of storage. The last message is kept until someone subscribes, because the pane may render
 * after the command has finished (`showAsTaskpane` only then brings it up).
 */

export type CommandId =
  | "setupWorkbook"
  | "checkData"
  | "refreshDashboard"
  | "logFollowUpForSelection"
  | "openImport"
  /** Not a ribbon command: the pane's own refresh of the as-of date, when it fails. */
  | "refreshAsOf";

export type CommandMessage =
  /** The user asked to log a follow-up for this customer (from the selected row). */
  | { kind: "logFollowUp"; customerId: string; customerName: string | null }
  /** The user asked for a panel of the pane (the ribbon's Import file). */
  | { kind: "openTab"; tab: "import" }
  /** What a command did, or why it failed, in the user's language. */
  | { kind: "outcome"; command: CommandId; ok: boolean; text: string };

type Listener = (message: CommandMessage) => void;

interface Hub {
  listeners: Set<Listener>;
  pending: CommandMessage | null;
}

/**
 * The commands and the pane are separate webpack entries, so each bundles its own copy of this
 * module; the hub lives on the shared runtime's global object so both copies meet.
 */
const HUB_KEY = "__crmCommandBridge";
const scope = globalThis as typeof globalThis & { [HUB_KEY]?: Hub };
const hub: Hub = (scope[HUB_KEY] ??= { listeners: new Set<Listener>(), pending: null });
const listeners = hub.listeners;

/** Delivers a message to the pane (now, or when it subscribes). */
export function publish(message: CommandMessage): void {
  if (listeners.size === 0) {
    hub.pending = message;
    return;
  }
  hub.pending = null;
  for (const listener of listeners) listener(message);
}

/** Subscribes the pane; a message published before it was listening is delivered at once. */
export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  if (hub.pending) {
    const message = hub.pending;
    hub.pending = null;
    listener(message);
  }
  return () => {
    listeners.delete(listener);
  };
}

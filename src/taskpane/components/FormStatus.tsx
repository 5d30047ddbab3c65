/** The MessageBar area of a panel: progress, success and failure. */
import { useEffect, useRef } from "react";
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from "@fluentui/react-components";

export type StatusIntent = "info" | "success" | "warning" | "error";

export interface StatusMessage {
  intent: StatusIntent;
  text: string;
  title?: string;
  action?: { label: string; onClick: () => void };
}

/**
 * Progress, success and failure of a form, announced to screen readers: errors interrupt
 * (role=alert), everything else is polite. With `focusOutcome`, an outcome (anything but
 * progress) is scrolled into view and takes the focus: below a long form in a 320 px pane the
 * message of a save would otherwise appear out of sight, and the user would not know it happened.
 */
export function FormStatus({
  messages,
  focusOutcome = false,
}: {
  messages: readonly StatusMessage[];
  focusOutcome?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // A new outcome is a new object (each setStatus makes new messages), so this runs once per save.
  const outcome = focusOutcome ? messages.find((m) => m.intent !== "info") : undefined;
  useEffect(() => {
    const box = ref.current;
    if (!outcome || !box) return;
    box.scrollIntoView?.({ block: "nearest" });
    box.focus({ preventScroll: true });
  }, [outcome]);
  return (
    <div
      ref={ref}
      aria-live="polite"
      role="status"
      tabIndex={focusOutcome ? -1 : undefined}
      data-testid={focusOutcome ? "form-outcome" : undefined}
    >
      {messages.map((m, i) => (
        <MessageBar
          key={`${m.intent}-${i}`}
          intent={m.intent}
          role={m.intent === "error" ? "alert" : undefined}
          layout="multiline"
        >
          <MessageBarBody>
            {m.title ? <MessageBarTitle>{m.title}</MessageBarTitle> : null}
            {m.text}
          </MessageBarBody>
          {m.action ? (
            <MessageBarActions>
              <Button size="small" onClick={m.action.onClick}>
                {m.action.label}
              </Button>
            </MessageBarActions>
          ) : null}
        </MessageBar>
      ))}
    </div>
  );
}

/** The MessageBar area of a panel: progress, success and failure. */
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
 * (role=alert), everything else is polite.
 */
export function FormStatus({ messages }: { messages: readonly StatusMessage[] }) {
  return (
    <div aria-live="polite" role="status">
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

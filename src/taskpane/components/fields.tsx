/**
 * Form controls driven by the schema: a column's header is the label, its type picks the
 * control (date input, dropdown fed by the workbook's list table, text area...) and the hint, its
 * required flag the asterisk. Every control is registered with react-hook-form through its ref,
 * so focusing the first invalid field on submit reaches the real <input>/<select>/<textarea>.
 */
import type { ReactNode } from "react";
import { shrinkingField } from "./common";
import { Field, Input, Select, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { useController, type UseFormReturn } from "react-hook-form";
import type { CrmRecord } from "../../domain/port";
import { columnDef, listItemLabel, type ListValues, type TableKey } from "../../domain/schema";
import { t, type StringKey } from "../strings";
import { phoneWarning } from "../../domain/phone";
import { usePane } from "../context";

export type FormValues = Record<string, string | boolean>;
export type RecordForm = UseFormReturn<FormValues, unknown, CrmRecord>;

/** Free-text columns that usually hold a sentence or more. */
const LONG_TEXT = new Set([
  "needDetail",
  "summary",
  "customerFeedback",
  "nextAction",
  "description",
  "resolution",
  "notes",
  "result",
]);

export const useFormStyles = makeStyles({
  form: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    maxWidth: "640px",
    // A 320 px task pane: every control takes the full width, nothing scrolls sideways.
    minWidth: 0,
  },
  more: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  actions: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
  },
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  field: shrinkingField,
});

function hintOf(table: TableKey, key: string): StringKey | undefined {
  const col = columnDef(table, key);
  if (key === "satisfaction") return "hint_satisfaction";
  switch (col.type) {
    case "money":
      return "hint_money";
    case "rate":
      return "hint_rate";
    case "items":
      return "hint_items";
    case "phone":
      return "hint_phone";
    case "integer":
      return "hint_integer";
    default:
      return undefined;
  }
}

export interface SchemaFieldProps {
  table: TableKey;
  name: string;
  form: RecordForm;
  lists: ListValues;
  /** Called after react-hook-form's own blur handling (duplicate checks). */
  onBlur?: () => void;
  /** Overrides the schema's required flag (e.g. a field required only in this form). */
  required?: boolean;
}

export function SchemaField({ table, name, form, lists, onBlur, required }: SchemaFieldProps) {
  const { lang } = usePane();
  const styles = useFormStyles();
  const col = columnDef(table, name);
  // Fluent's inputs keep their own value state, so they are controlled here (a plain
  // `register` would not show defaults, restored drafts or a reset).
  const { field, fieldState } = useController({ name, control: form.control });
  const error = fieldState.error?.message;
  const hintKey = hintOf(table, name);
  const common = {
    ref: field.ref,
    name: field.name,
    value: typeof field.value === "string" ? field.value : "",
    onBlur: () => {
      field.onBlur();
      onBlur?.();
    },
  };
  const onChange = (_: unknown, data: { value: string }) => field.onChange(data.value);
  let control: ReactNode;
  if (col.list) {
    control = (
      <Select {...common} onChange={onChange}>
        <option value="">{t("optionNone", lang)}</option>
        {lists[col.list].map((item) => (
          // The cell keeps the canonical (Chinese) value; an English pane shows its label.
          <option key={item} value={item}>
            {listItemLabel(item, lang)}
          </option>
        ))}
      </Select>
    );
  } else if (col.type === "date") {
    control = <Input {...common} onChange={onChange} type="date" />;
  } else if (LONG_TEXT.has(name)) {
    control = <Textarea {...common} onChange={onChange} resize="vertical" />;
  } else {
    const numeric = ["integer", "money", "number", "rate"].includes(col.type);
    control = (
      <Input
        {...common}
        onChange={onChange}
        type={col.type === "phone" ? "tel" : col.type === "email" ? "email" : "text"}
        inputMode={numeric ? "decimal" : undefined}
        autoComplete="off"
      />
    );
  }
  // A doubtful phone number (no area code, an unknown mobile prefix) is a warning the user may
  // save anyway; text that is no phone number at all is an error from the form's validation.
  const warning =
    col.type === "phone" && fieldState.isTouched && typeof error !== "string"
      ? phoneWarning(common.value, lang)
      : null;
  return (
    <Field
      className={styles.field}
      label={col.header[lang]}
      required={required ?? col.required ?? false}
      validationState={typeof error === "string" ? "error" : warning ? "warning" : undefined}
      validationMessage={typeof error === "string" ? error : (warning ?? undefined)}
      hint={hintKey ? t(hintKey, lang) : undefined}
    >
      {control}
    </Field>
  );
}

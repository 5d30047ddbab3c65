/**
 * A searchable combobox over records (customers by name, ID, phone or contact; open feedback
 * by ID, customer or text). The form value is the record's ID. Text typed without choosing an
 * option is taken as an ID on blur, so a wrong ID gets the domain's "does not exist" message
 * instead of being silently dropped.
 */
import { useEffect, useMemo, useState } from "react";
import type { Ref } from "react";
import { Combobox, Field, Option } from "@fluentui/react-components";

export interface PickerOption {
  value: string;
  text: string;
  /** Extra text matched by the search (phone, contact, description). */
  search?: string;
}

export interface RecordPickerProps {
  label: string;
  hint?: string;
  required?: boolean;
  emptyText: string;
  options: readonly PickerOption[];
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  inputRef?: Ref<HTMLInputElement>;
  validationMessage?: string;
  name?: string;
  /** The accessible name of the chevron that opens the list (Fluent's default is "Open"). */
  openLabel: string;
  /**
   * The hint under a chosen record: its whole text, wrapping. A 320 px input cuts
   * "name · ID" off after the name, and the ID is what tells two similar names apart.
   */
  chosenHint: (text: string) => string;
  /**
   * A search box rather than a field: choosing a record hands it on (the customer card opens,
   * its heading names the customer) and empties the box for the next search, instead of
   * leaving a cut "name · C20240500…" behind in a 320 px pane.
   */
  clearOnChoose?: boolean;
}

/** Matching ignores case, width (全角/半角) and the separators people type in phone numbers. */
function fold(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\-()]/g, "");
}

const MAX_OPTIONS = 50;

export function RecordPicker(props: RecordPickerProps) {
  const { options, value, onChange } = props;
  const selected = options.find((o) => o.value === value);
  const selectedText = selected?.text ?? value;
  const [query, setQuery] = useState(selectedText);

  useEffect(() => {
    setQuery(selectedText);
  }, [selectedText]);

  const matches = useMemo(() => {
    const q = fold(query);
    const all = q === "" || query === selectedText;
    return options
      .filter((o) => all || fold(`${o.text} ${o.value} ${o.search ?? ""}`).includes(q))
      .slice(0, MAX_OPTIONS);
  }, [options, query, selectedText]);

  /** The box's text after `option` was chosen. */
  const chosenText = (text: string) => (props.clearOnChoose ? "" : text);

  const commitTyped = () => {
    const typed = query.trim();
    if (typed === selectedText) return;
    if (typed === "") {
      onChange("");
      return;
    }
    const f = fold(typed);
    const exact = options.find((o) => fold(o.value) === f || fold(o.text) === f);
    if (exact) {
      onChange(exact.value);
      setQuery(chosenText(exact.text));
    } else if (matches.length === 1 && matches[0]) {
      onChange(matches[0].value);
      setQuery(chosenText(matches[0].text));
    } else {
      onChange(typed);
    }
  };

  return (
    <Field
      label={props.label}
      hint={selected ? props.chosenHint(selected.text) : props.hint}
      required={props.required}
      validationMessage={props.validationMessage}
    >
      <Combobox
        ref={props.inputRef}
        name={props.name}
        freeform
        expandIcon={{ "aria-label": props.openLabel }}
        title={selected?.text}
        value={query}
        selectedOptions={value ? [value] : []}
        onChange={(e) => setQuery(e.target.value)}
        onOptionSelect={(_, data) => {
          if (!data.optionValue) return;
          onChange(data.optionValue);
          setQuery(chosenText(data.optionText ?? data.optionValue));
        }}
        onBlur={() => {
          commitTyped();
          props.onBlur?.();
        }}
      >
        {matches.length === 0 ? (
          <Option value="" text={props.emptyText} disabled>
            {props.emptyText}
          </Option>
        ) : (
          matches.map((o) => (
            <Option key={o.value} value={o.value} text={o.text}>
              {o.text}
            </Option>
          ))
        )}
      </Combobox>
    </Field>
  );
}

/**
 * The frame every record form shares, so each form states only what is particular to it: the
 * data it waits for, the required-fields hint and restored-draft notice, its fields and optional
 * section, the "n fields to fix" summary, the save and clear buttons, the message area, and a
 * record picker bound to a field.
 */
import { useMemo, type FormEvent, type ReactNode } from "react";
import { Button, Spinner, Text } from "@fluentui/react-components";
import { Controller } from "react-hook-form";
import type { CrmRecord } from "../../../domain/port";
import { TABLES, columnDef, type ListValues, type TableKey } from "../../../domain/schema";
import { sameId } from "../../../domain/customerStory";
import type { ValidationContext } from "../../../domain/validation";
import { usePane } from "../../context";
import { t } from "../../strings";
import { useWorkbookData, type WorkbookData } from "../../hooks/useWorkbookData";
import type { RecordFormApi } from "../../hooks/useRecordForm";
import { SchemaField, useFormStyles, type FormValues, type RecordForm } from "../fields";
import { FormStatus, type StatusMessage } from "../FormStatus";
import { errorText } from "../common";
import { MoreSection } from "../MoreSection";
import { RecordPicker, type PickerOption } from "../RecordPicker";

/** Renders the form once the tables it needs are read; until then a spinner, or the failure. */
export function WithWorkbookData(props: {
  tables: readonly TableKey[];
  children: (data: WorkbookData) => ReactNode;
}) {
  const { lang } = usePane();
  const { data, error } = useWorkbookData(props.tables);
  if (error) return <FormStatus messages={[{ intent: "error", text: errorText(error, lang) }]} />;
  if (!data) return <Spinner size="small" label={t("loading", lang)} />;
  return <>{props.children(data)}</>;
}

/** A record opened for editing: its ID and its values as read when the form opened. */
export interface EditedRecord {
  id: string;
  record: CrmRecord;
}

/**
 * WithWorkbookData for a form that may edit a record of `table`: when `editId` is set the record
 * is found by its ID in the rows just read (a co-author may have sorted the table), and a record
 * that is gone is said so instead of opening an empty form.
 */
export function WithRecordToEdit(props: {
  table: TableKey;
  editId: string | null;
  tables: readonly TableKey[];
  children: (data: WorkbookData, editing: EditedRecord | null) => ReactNode;
}) {
  const { lang } = usePane();
  const { table, editId } = props;
  return (
    <WithWorkbookData tables={props.tables}>
      {(data) => {
        const idColumn = TABLES[table].idColumn;
        const found = editId
          ? (data.tables[table] ?? []).find((r) => sameId(r[idColumn], editId))
          : undefined;
        if (editId && !found) {
          return (
            <FormStatus
              messages={[{ intent: "error", text: t("editNotFound", lang, { id: editId }) }]}
            />
          );
        }
        return props.children(data, editId && found ? { id: editId, record: found } : null);
      }}
    </WithWorkbookData>
  );
}

/** What a form of a table that names its customer (feedback, orders) is given once data is read. */
export interface ChildFormProps {
  lists: ListValues;
  customers: readonly CrmRecord[];
  /** The customer to put into the picker (opened from a card or a work-list item). */
  preselect: string | null;
  /** The record being edited, as read when the form opened; null for a new entry. */
  editing: EditedRecord | null;
}

/**
 * Reads the customers (and, to edit one, the table's rows) and renders the form: the part the
 * feedback and order forms share around their own fields.
 */
export function WithChildRecordForm(props: {
  table: TableKey;
  request: { customerId?: string | null; editId?: string | null } | null | undefined;
  children: (props: ChildFormProps) => ReactNode;
}) {
  const { table, request } = props;
  const editId = request?.editId ?? null;
  return (
    <WithRecordToEdit
      table={table}
      editId={editId}
      tables={editId ? ["customers", table] : ["customers"]}
    >
      {(data, editing) =>
        props.children({
          lists: data.lists,
          customers: data.tables.customers ?? [],
          preselect: request?.customerId ?? null,
          editing,
        })
      }
    </WithRecordToEdit>
  );
}

/** Every key of `keys` blank, then the form's own starting values. */
export function blankValues(keys: readonly string[], start: FormValues = {}): FormValues {
  const values: FormValues = {};
  for (const k of keys) values[k] = "";
  return { ...values, ...start };
}

/**
 * The <form> with its name (tests and screen readers find it by it), the required-fields hint,
 * the restored-draft notice when there is one, the form's own content and the message area.
 */
export function RecordFormFrame(props: {
  label: string;
  onSubmit: (e: FormEvent<HTMLFormElement>) => Promise<void>;
  draftRestored?: boolean;
  status: readonly StatusMessage[];
  children: ReactNode;
  /** A visible heading (an edit form names the record it edits). */
  heading?: string;
}) {
  const { lang } = usePane();
  const styles = useFormStyles();
  return (
    <form
      className={styles.form}
      noValidate
      aria-label={props.label}
      onSubmit={(e) => void props.onSubmit(e)}
    >
      {props.heading ? <Text weight="semibold">{props.heading}</Text> : null}
      <Text className={styles.hint}>{t("requiredHint", lang)}</Text>
      {props.draftRestored ? (
        <FormStatus messages={[{ intent: "info", text: t("draftRestored", lang) }]} />
      ) : null}
      {props.children}
      <FormStatus messages={props.status} focusOutcome />
    </form>
  );
}

/** The schema's controls for `names` of `table`, in that order. */
export function SchemaFields(props: {
  table: TableKey;
  names: readonly string[];
  form: RecordForm;
  lists: ListValues;
}) {
  const { table, form, lists } = props;
  return (
    <>
      {props.names.map((k) => (
        <SchemaField key={k} table={table} name={k} form={form} lists={lists} />
      ))}
    </>
  );
}

/** The optional fields, in the collapsible section the form opens when one of them is invalid. */
export function MoreFields(props: {
  api: RecordFormApi;
  table: TableKey;
  names: readonly string[];
  lists: ListValues;
}) {
  const { api } = props;
  const { lang } = usePane();
  return (
    <MoreSection open={api.moreOpen} onToggle={api.setMoreOpen} lang={lang}>
      <SchemaFields table={props.table} names={props.names} form={api.form} lists={props.lists} />
    </MoreSection>
  );
}

/** "n fields need attention", after a submit that found any. */
function InvalidSummary({ api }: { api: RecordFormApi }) {
  const { lang } = usePane();
  if (api.invalidCount === 0) return null;
  const count = Object.keys(api.form.formState.errors).length;
  if (count === 0) return null;
  return <FormStatus messages={[{ intent: "error", text: t("fixErrors", lang, { count }) }]} />;
}

/**
 * Save (or the form's own primary button, e.g. "save anyway") and, where the form has one,
 * Clear; both wait while a write is under way.
 */
export function FormActions(props: { busy: boolean; onClear?: () => void; primary?: ReactNode }) {
  const { busy, onClear, primary } = props;
  const { lang } = usePane();
  const styles = useFormStyles();
  return (
    <div className={styles.actions}>
      {primary ?? (
        <Button appearance="primary" type="submit" disabled={busy}>
          {busy ? t("saving", lang) : t("save", lang)}
        </Button>
      )}
      {onClear ? (
        <Button disabled={busy} onClick={onClear}>
          {t("clear", lang)}
        </Button>
      ) : null}
    </div>
  );
}

/**
 * Below a new-record form's fields: the "n fields to fix" summary, the form's own notices, and
 * Save and Clear. Clear drops the draft and resets the fields, then `onClear` resets the rest.
 */
export function FormFooter(props: {
  api: RecordFormApi;
  busy: boolean;
  onClear: () => void;
  primary?: ReactNode;
  children?: ReactNode;
}) {
  const { api, onClear } = props;
  return (
    <>
      <InvalidSummary api={api} />
      {props.children}
      <FormActions
        busy={props.busy}
        primary={props.primary}
        onClear={() => {
          api.finish();
          onClear();
        }}
      />
    </>
  );
}

/** A required record picker registered as the form field `name` (its value is the record ID). */
export function PickerField(props: {
  form: RecordForm;
  name: string;
  label: string;
  hint: string;
  emptyText: string;
  options: readonly PickerOption[];
}) {
  const { form, name, ...picker } = props;
  const { lang } = usePane();
  return (
    <Controller
      control={form.control}
      name={name}
      render={({ field, fieldState }) => {
        const message = fieldState.error?.message;
        return (
          <RecordPicker
            {...picker}
            openLabel={t("pickerOpen", lang, { label: picker.label })}
            chosenHint={(text) => t("pickerChosen", lang, { text })}
            required
            value={typeof field.value === "string" ? field.value : ""}
            onChange={field.onChange}
            onBlur={field.onBlur}
            inputRef={field.ref}
            name={field.name}
            validationMessage={typeof message === "string" ? message : undefined}
          />
        );
      }}
    />
  );
}

/** Customers as picker options: found by name, ID, phone or contact. */
function customerOptions(customers: readonly CrmRecord[]): PickerOption[] {
  return customers
    .filter((c) => typeof c.customerId === "string" && c.customerId !== "")
    .map((c) => ({
      value: String(c.customerId),
      text: `${String(c.name ?? "")} · ${String(c.customerId)}`,
      search: `${String(c.phone ?? "")} ${String(c.contact ?? "")}`,
    }));
}

/** The `customerId` field of a table's form, as a picker over the workbook's customers. */
export function CustomerPicker(props: {
  form: RecordForm;
  table: TableKey;
  customers: readonly CrmRecord[];
}) {
  const { lang } = usePane();
  const options = useMemo(() => customerOptions(props.customers), [props.customers]);
  return (
    <PickerField
      form={props.form}
      name="customerId"
      label={columnDef(props.table, "customerId").header[lang]}
      hint={t("customerPickerHint", lang)}
      emptyText={t("customerPickerEmpty", lang)}
      options={options}
    />
  );
}

/** What a form that refers to a customer validates against: the lists, today, the known IDs. */
export function useCustomerContext(
  lists: ListValues,
  customers: readonly CrmRecord[],
): ValidationContext {
  const { today } = usePane();
  return useMemo(
    () => ({
      lists,
      today,
      customerIds: new Set(customers.map((c) => String(c.customerId ?? ""))),
    }),
    [lists, today, customers],
  );
}

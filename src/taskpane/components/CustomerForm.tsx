/**
 * New customer. Required fields, formats and ranges are checked inline by the domain's rules;
 * the same name, phone or email as an existing customer raises a warning with a link to that
 * row (saving anyway takes a second, explicit click); the ID is allocated when the row is
 * written, from the table as it is then.
 */
import { useMemo, useRef, useState } from "react";
import { Button, Spinner, Text } from "@fluentui/react-components";
import type { CrmRecord } from "../../domain/port";
import { findDuplicates, type DuplicateHit } from "../../domain/duplicates";
import { formatSerial } from "../../domain/values";
import type { ListValues } from "../../domain/schema";
import { usePane } from "../context";
import { t } from "../strings";
import { useRecordForm } from "../hooks/useRecordForm";
import { useWorkbookData } from "../hooks/useWorkbookData";
import { SchemaField, useFormStyles, type FormValues } from "./fields";
import { FormStatus, type StatusMessage } from "./FormStatus";
import { errorText, selectRowMessage } from "./common";
import { MoreSection } from "./MoreSection";

const PRIMARY = [
  "name",
  "contact",
  "phone",
  "email",
  "needs",
  "industry",
  "customerType",
  "status",
  "owner",
  "createdDate",
] as const;
const MORE = [
  "subIndustry",
  "employees",
  "revenue",
  "title",
  "address",
  "needDetail",
  "budget",
  "decisionChain",
  "expectedPurchase",
  "annualAmount",
  "repurchaseRate",
  "creditRating",
  "creditLimit",
  "notes",
] as const;
const ORDER = [...PRIMARY, ...MORE];

export function CustomerForm() {
  const { lang } = usePane();
  const { data, error } = useWorkbookData(["customers"]);
  if (error) return <FormStatus messages={[{ intent: "error", text: errorText(error, lang) }]} />;
  if (!data) return <Spinner size="small" label={t("loading", lang)} />;
  return <CustomerFormBody lists={data.lists} customers={data.tables.customers ?? []} />;
}

function dupKey(hits: readonly DuplicateHit[]): string {
  return hits.map((h) => `${h.field}:${h.row}`).join("|");
}

function CustomerFormBody({
  lists,
  customers,
}: {
  lists: ListValues;
  customers: readonly CrmRecord[];
}) {
  const { workbook, lang, today, changed } = usePane();
  const styles = useFormStyles();
  const defaults = useMemo<FormValues>(() => {
    const d: FormValues = {};
    for (const k of ORDER) d[k] = "";
    d.createdDate = formatSerial(today);
    return d;
  }, [today]);
  const ctx = useMemo(() => ({ lists, today }), [lists, today]);
  const api = useRecordForm({
    form: "customer",
    table: "customers",
    defaults,
    ctx,
    order: ORDER,
    more: MORE,
  });
  const { form } = api;
  const [status, setStatus] = useState<StatusMessage[]>([]);
  const [dupes, setDupes] = useState<DuplicateHit[]>([]);
  // Which duplicate set the user chose to save anyway; a ref, read by the submit it triggers.
  const confirmed = useRef<string | null>(null);
  const busy = form.formState.isSubmitting;

  const duplicatesOf = (existing: readonly CrmRecord[]): DuplicateHit[] => {
    const v = form.getValues();
    const draft: CrmRecord = {
      name: String(v.name ?? ""),
      phone: String(v.phone ?? ""),
      email: String(v.email ?? ""),
    };
    return findDuplicates(draft, existing).filter((h) => h.field !== "customerId");
  };

  const checkDuplicates = () => setDupes(duplicatesOf(customers));

  const showRow = (row: number, id: string) => async () => {
    try {
      await workbook.select({ table: "customers", row });
      setStatus([selectRowMessage(workbook.mode, "customers", row, id, lang)]);
    } catch (e) {
      setStatus([
        { intent: "error", text: t("selectFailed", lang, { message: errorText(e, lang) }) },
      ]);
    }
  };

  const submit = form.handleSubmit(async (record) => {
    setStatus([{ intent: "info", text: t("saving", lang) }]);
    let existing: CrmRecord[];
    try {
      // Re-read: another user may have added the same customer since the form opened.
      existing = await workbook.readRecords("customers");
    } catch (e) {
      setStatus([
        { intent: "error", text: t("writeFailed", lang, { message: errorText(e, lang) }) },
      ]);
      return;
    }
    const hits = duplicatesOf(existing);
    if (hits.length > 0 && confirmed.current !== dupKey(hits)) {
      setDupes(hits);
      setStatus([]);
      return;
    }
    try {
      const result = await workbook.appendRecords("customers", [record]);
      const id = result.ids[0] ?? "";
      api.finish();
      setDupes([]);
      confirmed.current = null;
      setStatus([
        {
          intent: "success",
          text: t("customerSaved", lang, { id }),
          action: { label: t("showRow", lang), onClick: showRow(result.firstRow, id) },
        },
      ]);
      changed();
    } catch (e) {
      setStatus([
        { intent: "error", text: t("writeFailed", lang, { message: errorText(e, lang) }) },
      ]);
    }
  }, api.onInvalid);

  const dupMessages: StatusMessage[] = dupes.map((h) => ({
    intent: "warning",
    text:
      t("duplicateWarning", lang, {
        id: h.id ?? "",
        name: String(customers[h.row]?.name ?? h.value),
        field: t(`dupField_${h.field}`, lang),
      }) +
      " " +
      t("duplicateConfirm", lang),
    action: { label: t("viewExisting", lang), onClick: showRow(h.row, h.id ?? "") },
  }));

  const field = (name: string, onBlur?: () => void) => (
    <SchemaField
      key={name}
      table="customers"
      name={name}
      form={form}
      lists={lists}
      onBlur={onBlur}
    />
  );
  const dupField = new Set(["name", "phone", "email"]);

  return (
    <form
      className={styles.form}
      noValidate
      aria-label={t("tabCustomer", lang)}
      onSubmit={(e) => void submit(e)}
    >
      <Text className={styles.hint}>{t("requiredHint", lang)}</Text>
      {api.draftRestored ? (
        <FormStatus messages={[{ intent: "info", text: t("draftRestored", lang) }]} />
      ) : null}
      {PRIMARY.map((k) => field(k, dupField.has(k) ? checkDuplicates : undefined))}
      <MoreSection open={api.moreOpen} onToggle={api.setMoreOpen} lang={lang}>
        {MORE.map((k) => field(k))}
      </MoreSection>
      {api.invalidCount > 0 && Object.keys(form.formState.errors).length > 0 ? (
        <FormStatus
          messages={[
            {
              intent: "error",
              text: t("fixErrors", lang, { count: Object.keys(form.formState.errors).length }),
            },
          ]}
        />
      ) : null}
      <FormStatus messages={dupMessages} />
      <div className={styles.actions}>
        {dupes.length > 0 ? (
          <Button
            appearance="primary"
            disabled={busy}
            onClick={() => {
              confirmed.current = dupKey(dupes);
              void submit();
            }}
          >
            {t("saveAnyway", lang)}
          </Button>
        ) : (
          <Button appearance="primary" type="submit" disabled={busy}>
            {busy ? t("saving", lang) : t("save", lang)}
          </Button>
        )}
        <Button
          disabled={busy}
          onClick={() => {
            api.finish();
            setDupes([]);
            setStatus([]);
          }}
        >
          {t("clear", lang)}
        </Button>
      </div>
      <FormStatus messages={status} />
    </form>
  );
}

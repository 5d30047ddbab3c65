/**
 * New customer, or editing one (`request.editId`: the same fields, validation and duplicate
 * warnings, the record itself left out of them; only changed cells are written). Required fields, formats and ranges are checked inline by the domain's rules;
 * the same name, phone or email as an existing customer raises a warning with a link to that
 * row (saving anyway takes a second, explicit click); the ID is allocated when the row is
 * written, from the table as it is then.
 */
import { useMemo, useRef, useState } from "react";
import { Button } from "@fluentui/react-components";
import type { CrmRecord } from "../../domain/port";
import { findDuplicates, type DuplicateHit } from "../../domain/duplicates";
import { formatSerial } from "../../domain/values";
import type { ListValues } from "../../domain/schema";
import { sameId } from "../../domain/customerStory";
import { usePane, type FormRequest } from "../context";
import { t } from "../strings";
import { SchemaField } from "./fields";
import { FormStatus, type StatusMessage } from "./FormStatus";
import { FormFooter, MoreFields, RecordFormFrame, WithRecordToEdit } from "./form/parts";
import { useRecordEditing } from "./form/useRecordEditing";

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

export function CustomerForm({ request }: { request?: FormRequest | null }) {
  const editId = request?.editId ?? null;
  return (
    <WithRecordToEdit table="customers" editId={editId} tables={["customers"]}>
      {(data, editing) => (
        <CustomerFormBody
          lists={data.lists}
          customers={data.tables.customers ?? []}
          editing={editing}
        />
      )}
    </WithRecordToEdit>
  );
}

function dupKey(hits: readonly DuplicateHit[]): string {
  return hits.map((h) => `${h.field}:${h.row}`).join("|");
}

function CustomerFormBody({
  lists,
  customers,
  editing,
}: {
  lists: ListValues;
  customers: readonly CrmRecord[];
  /** The customer being edited, as read when the form opened; null for a new customer. */
  editing: { id: string; record: CrmRecord } | null;
}) {
  const { workbook, lang, today, openCard } = usePane();
  const { initial, api, form, status, edit, busy } = useRecordEditing({
    table: "customers",
    form: "customer",
    order: ORDER,
    more: MORE,
    ctx: useMemo(() => ({ lists, today }), [lists, today]),
    editing,
    newValues: (day) => ({ createdDate: formatSerial(day) }),
  });
  const [dupes, setDupes] = useState<DuplicateHit[]>([]);
  // Which duplicate set the user chose to save anyway; a ref, read by the submit it triggers.
  const confirmed = useRef<string | null>(null);

  const duplicatesOf = (existing: readonly CrmRecord[]): DuplicateHit[] => {
    const v = form.getValues();
    const draft: CrmRecord = {
      name: String(v.name ?? ""),
      phone: String(v.phone ?? ""),
      email: String(v.email ?? ""),
    };
    // An edited customer is not a duplicate of itself.
    return findDuplicates(draft, existing).filter(
      (h) => h.field !== "customerId" && !(initial && sameId(h.id, initial.id)),
    );
  };

  const checkDuplicates = () => setDupes(duplicatesOf(customers));

  const submit = form.handleSubmit(async (record) => {
    status.saving();
    let existing: CrmRecord[];
    try {
      // Re-read: another user may have added the same customer since the form opened.
      existing = await workbook.readRecords("customers");
    } catch (e) {
      status.writeFailed(e);
      return;
    }
    const hits = duplicatesOf(existing);
    if (hits.length > 0 && confirmed.current !== dupKey(hits)) {
      setDupes(hits);
      status.setStatus([]);
      return;
    }
    if (initial) {
      await edit.save(record);
      setDupes([]);
      confirmed.current = null;
      return;
    }
    await status.saveNew("customers", record, "customerSaved", () => {
      api.finish();
      setDupes([]);
      confirmed.current = null;
    });
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
    // The existing customer's card: its whole story, and its row one click away.
    action: h.id
      ? { label: t("viewExisting", lang), onClick: () => openCard(h.id ?? "") }
      : {
          label: t("viewExisting", lang),
          onClick: status.selectRow("customers", h.row, h.id ?? ""),
        },
  }));

  const dupField = new Set(["name", "phone", "email"]);

  return (
    <RecordFormFrame
      label={initial ? t("editHeading", lang, { id: initial.id }) : t("tabCustomer", lang)}
      heading={initial ? t("editHeading", lang, { id: initial.id }) : undefined}
      onSubmit={submit}
      draftRestored={api.draftRestored}
      status={status.status}
    >
      {PRIMARY.map((k) => (
        <SchemaField
          key={k}
          table="customers"
          name={k}
          form={form}
          lists={lists}
          onBlur={dupField.has(k) ? checkDuplicates : undefined}
        />
      ))}
      <MoreFields api={api} table="customers" names={MORE} lists={lists} />
      <FormFooter
        api={api}
        busy={busy}
        primary={
          dupes.length > 0 ? (
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
          ) : undefined
        }
        onClear={() => {
          setDupes([]);
          status.clear();
        }}
      >
        <FormStatus messages={dupMessages} />
      </FormFooter>
    </RecordFormFrame>
  );
}

/**
 * New order (交易记录) or editing one: customer, date, product, quantity, unit price, channel.
 * 金额 is the table's calculated column (数量 × 单价): the form shows it as it will compute and
 * never writes it. The ID (O+YYYYMM+NNN) is allocated when the row is written.
 */
import { Text } from "@fluentui/react-components";
import { orderAmount } from "../../../domain/customerStory";
import { formatSerial } from "../../../domain/values";
import { usePane, type FormRequest } from "../../context";
import { t } from "../../strings";
import {
  CustomerPicker,
  FormFooter,
  RecordFormFrame,
  SchemaFields,
  WithChildRecordForm,
  type ChildFormProps,
  useCustomerContext,
} from "../form/parts";
import { useRecordEditing } from "../form/useRecordEditing";

const FIELDS = ["date", "product", "quantity", "unitPrice", "channel", "notes"] as const;
const ORDER = ["customerId", ...FIELDS];

export default function OrderForm({ request }: { request?: FormRequest | null }) {
  return (
    <WithChildRecordForm table="orders" request={request}>
      {(props) => <OrderFormBody {...props} />}
    </WithChildRecordForm>
  );
}

function OrderFormBody(props: ChildFormProps) {
  const { lists, customers, preselect } = props;
  const { lang } = usePane();
  const { initial, api, form, status, busy, save } = useRecordEditing({
    table: "orders",
    form: "order",
    order: ORDER,
    ctx: useCustomerContext(lists, customers),
    editing: props.editing,
    preselect,
    newValues: (today) => ({ date: formatSerial(today) }),
  });

  const quantity = form.watch("quantity");
  const unitPrice = form.watch("unitPrice");
  const amount = orderAmount({ quantity, unitPrice });

  const submit = form.handleSubmit((record) => save(record, "orderSaved"), api.onInvalid);
  const label = initial ? t("editHeading", lang, { id: initial.id }) : t("tabOrder", lang);

  return (
    <RecordFormFrame
      label={label}
      heading={initial ? label : undefined}
      onSubmit={submit}
      draftRestored={api.draftRestored}
      status={status.status}
    >
      <CustomerPicker form={form} table="orders" customers={customers} />
      <SchemaFields table="orders" names={FIELDS} form={form} lists={lists} />
      <Text aria-live="polite">
        {amount === null
          ? t("orderAmountNone", lang)
          : t("orderAmount", lang, { amount: formatMoney(amount, lang) })}
      </Text>
      <FormFooter api={api} busy={busy} onClear={status.clear} />
    </RecordFormFrame>
  );
}

export function formatMoney(amount: number, lang: "zh" | "en"): string {
  return amount.toLocaleString(lang === "zh" ? "zh-CN" : "en-US", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
}

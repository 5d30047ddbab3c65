/**
 * The search box at the top of the pane: find a customer by name, ID, phone or contact and open
 * its card. Loaded after the start panel (the combobox is not in the start bundle) and re-read
 * after every write, like every panel.
 */
import { useMemo, useState } from "react";
import { makeStyles } from "@fluentui/react-components";
import { usePane } from "../../context";
import { t } from "../../strings";
import { useWorkbookData } from "../../hooks/useWorkbookData";
import { RecordPicker, type PickerOption } from "../RecordPicker";

const useStyles = makeStyles({ root: { minWidth: 0 } });

export default function CustomerSearch() {
  const { lang, openCard } = usePane();
  const styles = useStyles();
  const { data } = useWorkbookData(["customers"]);
  const [value, setValue] = useState("");
  const options = useMemo<PickerOption[]>(
    () =>
      (data?.tables.customers ?? [])
        .filter((c) => typeof c.customerId === "string" && c.customerId.trim() !== "")
        .map((c) => ({
          value: String(c.customerId).trim(),
          text: `${String(c.name ?? "")} · ${String(c.customerId).trim()}`,
          search: `${String(c.phone ?? "")} ${String(c.contact ?? "")} ${String(c.email ?? "")}`,
        })),
    [data],
  );
  const known = useMemo(() => new Set(options.map((o) => o.value)), [options]);

  return (
    <search className={styles.root} aria-label={t("searchLabel", lang)}>
      <RecordPicker
        label={t("searchLabel", lang)}
        hint={t("searchHint", lang)}
        emptyText={t("customerPickerEmpty", lang)}
        openLabel={t("pickerOpen", lang, { label: t("searchLabel", lang) })}
        chosenHint={(text) => t("pickerChosen", lang, { text })}
        options={options}
        clearOnChoose
        value={value}
        onChange={(picked) => {
          // Text that names no customer stays in the box; a customer opens its card.
          if (!known.has(picked)) {
            setValue(picked);
            return;
          }
          setValue("");
          openCard(picked);
        }}
      />
    </search>
  );
}

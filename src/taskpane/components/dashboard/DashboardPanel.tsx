/** Dashboard panel: creates or refreshes the dashboard sheet (Excel only). */
import { useState } from "react";
import { Button, Spinner, Text } from "@fluentui/react-components";
import { say, type Label, type Lang } from "../../../domain/i18n";
import type { CrmWorkbook } from "../../../domain/port";
import { TABLES } from "../../../domain/schema";
import { FormStatus, type StatusMessage } from "../FormStatus";
import { errorText } from "../common";

const L = {
  title: { zh: "仪表板", en: "Dashboard" },
  intro: {
    zh: "在“仪表板”工作表中生成客户、跟进和反馈的统计公式与图表。数据变化时公式自动更新；再次刷新会重建图表。",
    en: "Builds KPI formulas and charts for customers, follow-ups and feedback on the Dashboard sheet. The formulas stay live; refreshing redraws the charts.",
  },
  refresh: { zh: "刷新仪表板", en: "Refresh dashboard" },
  working: { zh: "正在生成…", en: "Building…" },
  done: {
    zh: "已更新工作表“{sheet}”：{charts} 个图表。",
    en: "Sheet “{sheet}” updated: {charts} {charts|chart|charts}.",
  },
  missing: { zh: "缺少表：{tables}", en: "Missing tables: {tables}" },
  unavailable: {
    zh: "仪表板只能在 Excel 中生成（预览模式不可用）。",
    en: "The dashboard can only be built in Excel (not in preview mode).",
  },
} satisfies Record<string, Label>;

export interface DashboardPanelProps {
  workbook: CrmWorkbook;
  lang: Lang;
}

export default function DashboardPanel({ workbook, lang }: DashboardPanelProps) {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<StatusMessage[]>([]);
  const refresh = workbook.refreshDashboard?.bind(workbook);

  const run = async () => {
    if (!refresh) return;
    setBusy(true);
    setStatus([]);
    try {
      const report = await refresh(lang);
      const messages: StatusMessage[] = [
        {
          intent: "success",
          text: say(L.done, lang, { sheet: report.sheet, charts: report.charts }),
        },
      ];
      if (report.missing.length) {
        messages.push({
          intent: "warning",
          text: say(L.missing, lang, {
            tables: report.missing.map((t) => TABLES[t].sheet[lang]).join("、"),
          }),
        });
      }
      setStatus(messages);
    } catch (error) {
      setStatus([{ intent: "error", text: errorText(error, lang) }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section
      aria-label={say(L.title, lang)}
      style={{ display: "flex", flexDirection: "column", gap: 12 }}
    >
      <Text>{say(L.intro, lang)}</Text>
      {refresh ? (
        <Button appearance="primary" onClick={() => void run()} disabled={busy}>
          {busy ? <Spinner size="tiny" label={say(L.working, lang)} /> : say(L.refresh, lang)}
        </Button>
      ) : (
        <FormStatus messages={[{ intent: "info", text: say(L.unavailable, lang) }]} />
      )}
      <FormStatus messages={status} />
    </section>
  );
}

/**
 * Home's "needs attention" list: every status problem in words, and the answers to a renamed or
 * missing column reaching the workbook (issue 17).
 */
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { WorkbookProblems } from "../../src/taskpane/components/WorkbookProblems";
import { MemoryWorkbook } from "../../src/domain/memoryWorkbook";
import type { CrmWorkbook, TableStatus, WorkbookStatus } from "../../src/domain/port";
import { LAYOUT_VERSION, TABLE_KEYS } from "../../src/domain/schema";
import { TODAY, renderPanel } from "./render";

function status(
  patch: Partial<WorkbookStatus> = {},
  missing: string[] = [],
  unknown: string[] = [],
): WorkbookStatus {
  const table: TableStatus = { present: true, rows: 2, missingColumns: [], formulaDrift: [] };
  return {
    mode: "excel",
    tables: Object.fromEntries(
      TABLE_KEYS.map((k) => [
        k,
        k === "customers" ? { ...table, missingColumns: missing, unknownHeaders: unknown } : table,
      ]),
    ) as WorkbookStatus["tables"],
    settingsPresent: true,
    layoutVersion: LAYOUT_VERSION,
    asOf: TODAY,
    formulaMode: "native",
    candidates: [],
    problems: [],
    ...patch,
  };
}

function workbookWith(calls: string[]): CrmWorkbook {
  return Object.assign(new MemoryWorkbook({ today: TODAY }), {
    renameColumnBack: (table: string, key: string) => {
      calls.push(`rename ${table}.${key}`);
      return Promise.resolve("客户名称");
    },
    mapColumn: (table: string, key: string, header: string) => {
      calls.push(`map ${table}.${key} ${header}`);
      return Promise.resolve();
    },
  });
}

describe("WorkbookProblems", () => {
  it("shows nothing for a whole workbook", () => {
    renderPanel(<WorkbookProblems status={status()} busy={false} onChanged={() => undefined} />);
    expect(screen.queryByRole("heading")).toBeNull();
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("puts each problem into words, in the pane's language", () => {
    const s = status({
      settingsPresent: false,
      problems: [
        { kind: "settingsGone", params: {}, repair: true },
        { kind: "emptyLists", params: { lists: "industry,contactMethod" }, repair: true },
      ],
    });
    renderPanel(<WorkbookProblems status={s} busy={false} onChanged={() => undefined} />, {
      lang: "en",
    });
    expect(screen.getByText(/The Settings sheet .* is gone/)).toBeInTheDocument();
    expect(screen.getByText(/The dropdown lists Industry, .* are empty/)).toBeInTheDocument();
  });

  it("a renamed column can be renamed back or kept", async () => {
    const calls: string[] = [];
    let reloaded = 0;
    const s = status({
      problems: [
        {
          kind: "columnRenamed",
          params: { table: "customers", column: "name", header: "公司简称" },
          repair: false,
        },
      ],
    });
    renderPanel(<WorkbookProblems status={s} busy={false} onChanged={() => reloaded++} />, {
      workbook: workbookWith(calls),
    });
    expect(
      screen.getByText(
        "客户档案 (CRM_Customers)的列“客户名称”已被改名为“公司简称”；需要它的写入会暂停，请改回原名或确认新名称。",
      ),
    ).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "改回“客户名称”" }));
    expect(await screen.findByText("已将列名改回“客户名称”。")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "保留“公司简称”" }));
    expect(await screen.findByText("已记住：“公司简称”就是“客户名称”。")).toBeInTheDocument();
    expect(calls).toEqual(["rename customers.name", "map customers.name 公司简称"]);
    expect(reloaded).toBe(2);
  });

  it("a missing column can be pointed at one of the unknown headers", async () => {
    const calls: string[] = [];
    const s = status({}, ["email"], ["电邮地址", "其他"]);
    renderPanel(<WorkbookProblems status={s} busy={false} onChanged={() => undefined} />, {
      workbook: workbookWith(calls),
    });
    const user = userEvent.setup();
    await user.selectOptions(
      screen.getByLabelText("客户档案 (CRM_Customers)的列“邮箱”找不到。它现在是哪一列？"),
      "电邮地址",
    );
    await user.click(screen.getByRole("button", { name: "对应到所选列" }));
    expect(calls).toEqual(["map customers.email 电邮地址"]);
  });
});

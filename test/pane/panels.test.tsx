/**
 * The import, data check and dashboard panels on the in-memory workbook (preview mode): what a
 * user sees and what reaches the workbook.
 */
import { TextEncoder as NodeTextEncoder } from "node:util";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import ImportPanel from "../../src/taskpane/components/import/ImportPanel";
import CheckPanel from "../../src/taskpane/components/check/CheckPanel";
import DashboardPanel from "../../src/taskpane/components/dashboard/DashboardPanel";
import { MemoryWorkbook } from "../../src/domain/memoryWorkbook";
import type { CheckProgress, CheckReport, CrmRecord, CrmWorkbook } from "../../src/domain/port";
import { columnDef, type TableKey } from "../../src/domain/schema";
import { TODAY, renderPanel } from "./render";
import { csvFile, fileInput } from "./importFiles";
import { encodeBig5 } from "../fixtures/import/gb18030";

const INJECTION = '=HYPERLINK("x")';

/** A customer CSV as Excel's "CSV UTF-8" writes it: BOM, a title row, then the header. */
const CSV = [
  "客户导入测试",
  "客户名称,所属行业,客户类型,对接人,联系电话,核心需求,需求描述",
  `新客户甲科技有限公司,制造业,新客户,张三,13800000001,ERP,"${INJECTION.replace(/"/g, '""')}"`,
  "新客户乙科技有限公司,制造业,新客户,李四,13800000002,CRM,普通",
  "新客户甲科技有限公司,制造业,新客户,张三,13800000001,ERP,重复的一行",
  // A blank contact blocks the row; its off-list type and malformed phone would only warn.
  "问题客户有限公司,制造业,VIP客户,,12ab,ERP,有问题",
].join("\r\n");

async function names(workbook: MemoryWorkbook): Promise<string[]> {
  return (await workbook.readRecords("customers")).map((r) => String(r.name));
}

describe("import panel", () => {
  async function pick(workbook: MemoryWorkbook) {
    const user = userEvent.setup();
    const view = renderPanel(<ImportPanel workbook={workbook} lang="zh" today={TODAY} />, {
      workbook,
    });
    // The picker speaks the pane's language (not the browser's "Choose File / No file chosen").
    expect(screen.getByRole("button", { name: "选择文件…" })).toBeInTheDocument();
    expect(screen.getByText("未选择文件。也可以把文件拖到这里。")).toBeInTheDocument();
    await user.upload(fileInput(view.container), csvFile(CSV));
    // Title row skipped, header found: four data rows, the third a duplicate of the first.
    expect(
      await screen.findByText("文件共 4 行：新增 2，更新 0，合并 0，跳过 1，有问题 1"),
    ).toBeInTheDocument();
    return { user, ...view };
  }

  it("previews the problems and duplicates, then writes the accepted rows on confirm", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY });
    const before = (await workbook.readRecords("customers")).length;
    const { user, container } = await pick(workbook);

    // File line 5 repeats line 3; line 6 is blocked by its blank contact, named with its column.
    expect(screen.getByText(/第 5 行 · 跳过/)).toBeInTheDocument();
    expect(screen.getByText("与文件第 3 行重复（客户名称、联系电话）")).toBeInTheDocument();
    const blocked = screen.getByRole("region", { name: "阻止导入的行" });
    expect(within(blocked).getByText("第 6 行")).toBeInTheDocument();
    expect(within(blocked).getByText("对接人：必填")).toBeInTheDocument();
    // Nothing is written before the user confirms.
    expect(await workbook.readRecords("customers")).toHaveLength(before);

    await user.click(screen.getByRole("button", { name: "导入 2 行" }));
    expect(await screen.findByText("已在客户档案中新增 2 行，更新 0 行。")).toBeInTheDocument();
    const rows = await workbook.readRecords("customers");
    expect(rows).toHaveLength(before + 2);
    const added = rows.slice(before);
    expect(added.map((r) => r.name)).toEqual(["新客户甲科技有限公司", "新客户乙科技有限公司"]);
    // The formula-like text is kept as the text it was, never turned into a formula.
    const first = added[0] as CrmRecord;
    expect(first.needDetail).toBe(INJECTION);
    expect(typeof first.needDetail).toBe("string");
    expect(first).toMatchObject({ industry: "制造业", contact: "张三", phone: "13800000001" });
    expect(String(first.customerId)).toMatch(/^C\d{9}$/);
    expect(await names(workbook)).not.toContain("问题客户有限公司");

    // What was not written stays, with its download and the file's name, until a new file.
    const result = screen.getByRole("region", { name: "上次导入：客户.csv" });
    expect(within(result).getByText(/第 5 行 · 跳过/)).toBeInTheDocument();
    expect(within(result).getByText(/第 6 行 · 有问题/)).toBeInTheDocument();
    expect(within(result).getByText("对接人：必填")).toBeInTheDocument();
    expect(within(result).getByRole("button", { name: "下载有问题的行" })).toBeInTheDocument();
    await user.upload(fileInput(container), csvFile(CSV, "第二个.csv"));
    await waitFor(() => expect(screen.queryByRole("region", { name: /上次导入/ })).toBeNull());
  });

  it("shows the rows written so far while a long write runs", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY });
    const write = workbook.appendRecords.bind(workbook);
    let finish: () => void = () => undefined;
    // A write of several requests: the adapter reports after each; this one holds after the first.
    // (Spied as the port: the in-memory workbook writes in one go and takes no progress option.)
    const port: CrmWorkbook = workbook;
    jest.spyOn(port, "appendRecords").mockImplementation(async (table, drafts, options) => {
      options?.onProgress?.(1, drafts.length);
      await new Promise<void>((resolve) => (finish = resolve));
      options?.onProgress?.(drafts.length, drafts.length);
      return write(table, drafts);
    });
    const { user } = await pick(workbook);
    await user.click(screen.getByRole("button", { name: "导入 2 行" }));

    const bar = await screen.findByRole("progressbar");
    expect(bar).toHaveAttribute("aria-valuenow", "0.5");
    // The bar is named by its label; screen readers hear the task once, from a status region.
    expect(screen.getByRole("progressbar", { name: "正在写入 Excel…" })).toBe(bar);
    expect(screen.getAllByRole("status").some((s) => s.textContent === "正在写入 Excel…")).toBe(
      true,
    );
    expect(screen.getByText("已写入 1 / 2 行；出错时会全部撤销")).toBeInTheDocument();
    // Nothing else can start while the write runs.
    expect(screen.getByRole("button", { name: "导入 2 行" })).toBeDisabled();

    finish();
    expect(await screen.findByText("已在客户档案中新增 2 行，更新 0 行。")).toBeInTheDocument();
    expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
  });

  it.each([
    // Like the Excel adapter: reports after its first request, then before the next one
    // honours the signal (it undoes its rows and rejects with the reason).
    ["after its first request", true],
    // Still reading the records or sending the first request: no progress reported yet.
    ["before any progress", false],
  ])(
    "Stop during a write (%s): the adapter undoes it, the pane says so and keeps the preview",
    async (_, firstRequestDone) => {
      const workbook = new MemoryWorkbook({ today: TODAY });
      const before = await names(workbook);
      let next: () => void = () => undefined;
      const port: CrmWorkbook = workbook;
      jest.spyOn(port, "appendRecords").mockImplementation(async (_table, drafts, options) => {
        if (firstRequestDone) options?.onProgress?.(1, drafts.length);
        await new Promise<void>((resolve) => (next = resolve));
        if (options?.signal?.aborted) throw options.signal.reason;
        throw new Error("the test expected Stop to be pressed");
      });
      const { user } = await pick(workbook);
      await user.click(screen.getByRole("button", { name: "导入 2 行" }));
      await user.click(await screen.findByRole("button", { name: "停止" }));
      next();

      expect(
        await screen.findByText("已停止导入，已写入的行都已撤销，工作簿保持原样。"),
      ).toBeInTheDocument();
      expect(screen.queryByRole("alert")).not.toBeInTheDocument();
      expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
      // The preview is still there to import again, and nothing was added.
      expect(screen.getByRole("button", { name: "导入 2 行" })).toBeEnabled();
      expect(await names(workbook)).toEqual(before);
    },
  );

  it("shows the analysis of a large file row by row, and Stop drops it", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY });
    const append = jest.spyOn(workbook, "appendRecords");
    const rows = Array.from(
      { length: 30000 },
      (_, i) => `客户${i}有限公司,制造业,新客户,张${i},138${String(i).padStart(8, "0")},ERP,无`,
    );
    const view = renderPanel(<ImportPanel workbook={workbook} lang="zh" today={TODAY} />, {
      workbook,
    });
    // A plain change event, so that the test (not user-event's own waits) sees each slice.
    const file = csvFile([CSV.split("\r\n")[1], ...rows].join("\r\n"));
    fireEvent.change(fileInput(view.container), { target: { files: [file] } });

    // The pane paints between slices: a progress bar counting the file's rows, and Stop.
    // (Slices of 5,000 rows; the test may see a later slice than the first.)
    const hint = await screen.findByText(/^已检查 [\d,]+ \/ 30,000 行$/);
    const done = Number(/已检查 ([\d,]+)/.exec(hint.textContent ?? "")?.[1]?.replace(/,/g, ""));
    expect(done % 5000).toBe(0);
    expect(done).toBeLessThan(30000);
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", String(done / 30000));
    fireEvent.click(screen.getByRole("button", { name: "停止" }));

    await waitFor(() => expect(screen.queryByRole("progressbar")).not.toBeInTheDocument());
    expect(screen.queryByText(/^文件共 \d+ 行/)).not.toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(append).not.toHaveBeenCalled();
    expect(fileInput(view.container)).toBeEnabled();
  }, 30000);

  it("writes nothing when the user cancels", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY });
    const append = jest.spyOn(workbook, "appendRecords");
    const before = await names(workbook);
    const { user } = await pick(workbook);
    await user.click(screen.getByRole("button", { name: "取消" }));
    await waitFor(() =>
      expect(screen.queryByRole("button", { name: /^导入 \d+ 行$/ })).not.toBeInTheDocument(),
    );
    expect(append).not.toHaveBeenCalled();
    expect(await names(workbook)).toEqual(before);
  });
});

describe("import panel: files as they come", () => {
  /** Reads of each file's bytes, to show a refused file is never read. */
  const reads = new WeakMap<File, number>();

  function bytesFile(bytes: Uint8Array<ArrayBuffer>, name: string, size?: number): File {
    const file = new File([bytes], name);
    Object.defineProperty(file, "arrayBuffer", {
      value: () => {
        reads.set(file, (reads.get(file) ?? 0) + 1);
        const { buffer, byteOffset, byteLength } = bytes;
        return Promise.resolve(buffer.slice(byteOffset, byteOffset + byteLength));
      },
    });
    if (size !== undefined) Object.defineProperty(file, "size", { value: size });
    return file;
  }

  const TRADITIONAL =
    "客戶名稱,對接人,聯繫電話,核心需求\r\n台北華信科技有限公司,張偉,0912345678,ERP\r\n";

  it("shows the detected encoding with a sample line, and re-reads the file in another", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY });
    const user = userEvent.setup();
    const view = renderPanel(<ImportPanel workbook={workbook} lang="zh" />, { workbook });
    await user.upload(fileInput(view.container), bytesFile(encodeBig5(TRADITIONAL), "台北.csv"));
    const select = await screen.findByRole("combobox", { name: "文字编码" });
    expect(select).toHaveValue("big5");
    expect(screen.getByText(/按文字统计特征自动识别。示例：客戶名稱,對接人/)).toBeInTheDocument();

    await user.selectOptions(select, "gb18030");
    await waitFor(() =>
      expect(screen.getByRole("combobox", { name: "文字编码" })).toHaveValue("gb18030"),
    );
    expect(screen.getByText(/按您选择的编码读取。示例：/)).toBeInTheDocument();
    expect(screen.queryByText(/示例：客戶名稱/)).not.toBeInTheDocument();
  });

  it("says which lines an unbalanced quote and undecodable bytes affect", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY });
    const user = userEvent.setup();
    const view = renderPanel(<ImportPanel workbook={workbook} lang="zh" />, { workbook });
    const text = `${CSV}\r\n"未完的引号,赵六,13800000009,ERP\r\n`;
    const utf8 = new NodeTextEncoder().encode(text);
    // One stray byte on line 2 (the header) of an otherwise UTF-8 file.
    const at = new NodeTextEncoder().encode("客户导入测试\r\n客户名称").length;
    const bytes = new Uint8Array([...utf8.subarray(0, at), 0xff, ...utf8.subarray(at)]);
    await user.upload(fileInput(view.container), bytesFile(bytes, "客户.csv"));
    expect(await screen.findByText(/第 7 行的引号没有配对/)).toBeInTheDocument();
    expect(
      screen.getByText(/文件中有 1 处无法识别的字节，已替换为 �（第 2 行）/),
    ).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "文字编码" })).toHaveValue("utf-8");
  });

  it.each([
    ["a truncated workbook", "客户.xlsx", "文件不完整"],
    ["an .xls workbook", "客户.xls", "另存为 → Excel 工作簿（.xlsx）"],
  ])("explains %s in the user's language, with what to do", async (_, name, text) => {
    const workbook = new MemoryWorkbook({ today: TODAY });
    const user = userEvent.setup({ applyAccept: false });
    const view = renderPanel(<ImportPanel workbook={workbook} lang="zh" />, { workbook });
    const bytes = name.endsWith(".xls")
      ? new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])
      : new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array<number>(60).fill(0)]);
    await user.upload(fileInput(view.container), bytesFile(bytes, name));
    expect(await screen.findByRole("alert")).toHaveTextContent(text);
  });

  it("refuses a file over the limit before reading it, naming the limit", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY });
    const user = userEvent.setup();
    const view = renderPanel(<ImportPanel workbook={workbook} lang="en" />, { workbook });
    const file = bytesFile(new Uint8Array(4), "big.csv", 200 * 1024 * 1024);
    await user.upload(fileInput(view.container), file);
    expect(await screen.findByRole("alert")).toHaveTextContent("over the import limit of 50 MB");
    expect(reads.get(file)).toBeUndefined();
  });
});

describe("import panel: history becomes records", () => {
  const HISTORY_CSV = [
    "客户名称,对接人,联系电话,核心需求,最近互动时间,最近互动内容,互动结果,跟进计划(下次跟进时间/目标/负责人),历史合作记录",
    '历史客户甲有限公司,张三,13800000011,ERP,2024-05-10,演示新系统,同意试用,2024-06-20/签续约/李明,"2023年Q1采购ERP系统,金额50万"',
    "历史客户乙有限公司,李四,13800000012,CRM,,,,,合作多年",
  ].join("\r\n");

  it("says how many follow-ups and orders the file makes, each can be turned off, and writes them with the new IDs", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY });
    const user = userEvent.setup();
    const view = renderPanel(<ImportPanel workbook={workbook} lang="zh" />, { workbook });
    await user.upload(fileInput(view.container), csvFile(HISTORY_CSV));
    expect(
      await screen.findByText(
        "将同时生成 1 条跟进记录（最近互动、跟进计划）和 1 条交易记录（历史合作记录）。",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/第 3 行：历史合作记录“合作多年”读不出产品、日期和金额，保留在备注/),
    ).toBeInTheDocument();
    expect(screen.getByText(/文件没有建档日期/)).toBeInTheDocument();

    // The mapping says in words where each column goes.
    const selected = (name: string) => {
      const select = screen.getByRole<HTMLSelectElement>("combobox", { name });
      return select.options[select.selectedIndex]?.text;
    };
    expect(selected("最近互动时间")).toBe("→ 备注，并生成跟进记录");
    expect(selected("跟进计划(下次跟进时间/目标/负责人)")).toBe("拆分为 负责人(其余部分 → 备注)");
    expect(selected("历史合作记录")).toBe("→ 备注，并生成交易记录");

    await user.click(screen.getByRole("checkbox", { name: "生成交易记录" }));
    expect(selected("历史合作记录")).toBe("→ 备注");
    expect(
      screen.getByText(
        "将同时生成 1 条跟进记录（最近互动、跟进计划）和 0 条交易记录（历史合作记录）。",
      ),
    ).toBeInTheDocument();
    const orders = (await workbook.readRecords("orders")).length;
    const followUps = (await workbook.readRecords("interactions")).length;
    await user.click(screen.getByRole("button", { name: "导入 2 行" }));
    expect(
      await screen.findByText(
        "已在客户档案中新增 2 行，更新 0 行。 另由客户的历史列生成跟进记录 1 条、交易记录 0 条（不计入上面的行数）。",
      ),
    ).toBeInTheDocument();
    expect(await workbook.readRecords("orders")).toHaveLength(orders);
    const added = (await workbook.readRecords("interactions")).slice(followUps);
    const customer = (await workbook.readRecords("customers")).find(
      (c) => c.name === "历史客户甲有限公司",
    );
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      customerId: customer?.customerId,
      summary: "演示新系统",
      result: "同意试用",
      nextAction: "签续约",
      owner: "李明",
    });
  }, 20_000);
});

describe("import panel: picker, table fit, counts", () => {
  it("the button opens the file input, from the keyboard too", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY });
    const user = userEvent.setup();
    const view = renderPanel(<ImportPanel workbook={workbook} lang="en" today={TODAY} />, {
      workbook,
    });
    const input = fileInput(view.container);
    const opened = jest.fn();
    input.addEventListener("click", opened);
    const button = screen.getByRole("button", { name: "Choose a file…" });
    expect(screen.getByText("No file chosen. You can also drop a file here.")).toBeInTheDocument();
    button.focus();
    await user.keyboard("{Enter}");
    expect(opened).toHaveBeenCalledTimes(1);
    await user.upload(input, csvFile(CSV));
    expect(await screen.findByText("客户.csv")).toBeInTheDocument();
  });

  it("a dropped file is read like a chosen one", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY });
    renderPanel(<ImportPanel workbook={workbook} lang="zh" today={TODAY} />, { workbook });
    const group = screen.getByRole("group", { name: "导入的文件" });
    fireEvent.drop(group, { dataTransfer: { files: [csvFile(CSV)] } });
    expect(
      await screen.findByText("文件共 4 行：新增 2，更新 0，合并 0，跳过 1，有问题 1"),
    ).toBeInTheDocument();
  });

  it("a follow-up log imported as customers says so once, and its button switches the table", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY });
    const user = userEvent.setup();
    const view = renderPanel(<ImportPanel workbook={workbook} lang="zh" today={TODAY} />, {
      workbook,
    });
    const customer = (await workbook.readRecords("customers"))[0];
    const log = [
      "客户名称,联系人,维护日期,维护方式,维护主题,沟通内容摘要",
      `${String(customer?.name)},张三,2024-05-10,电话沟通,季度回访,客户满意`,
      `${String(customer?.name)},张三,2024-05-20,电话沟通,报价,已发报价`,
    ].join("\r\n");
    await user.upload(fileInput(view.container), csvFile(log, "维护记录.csv"));
    await screen.findByText(/^文件共 2 行/);
    // Detected as follow-ups; the user picks the customer table by mistake.
    await user.selectOptions(screen.getByRole("combobox", { name: "导入到" }), "customers");
    const hint = await screen.findByText(/文件中没有“客户档案”必需的列：核心需求/);
    expect(hint).toHaveTextContent("这个文件更像“维护记录”");
    // Said once, not on every row.
    expect(screen.queryByText(/核心需求：必填/)).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "改为导入到“维护记录”" }));
    await waitFor(() =>
      expect(screen.getByRole<HTMLSelectElement>("combobox", { name: "导入到" }).value).toBe(
        "interactions",
      ),
    );
    expect(screen.queryByText(/必需的列/)).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "导入 2 行" })).toBeEnabled();
  }, 20_000);

  it("an ID a co-author takes before the write: the result says the customer got a new ID and the old one is kept", async () => {
    /** A co-author writes the file's ID just before this user's write reaches the workbook. */
    class RacedWorkbook extends MemoryWorkbook {
      raced = false;
      override async appendRecords(
        ...args: Parameters<MemoryWorkbook["appendRecords"]>
      ): ReturnType<MemoryWorkbook["appendRecords"]> {
        if (args[0] === "customers" && !this.raced) {
          this.raced = true;
          await super.appendRecords("customers", [
            { customerId: "C202405077", name: "别人的客户有限公司", contact: "李四", needs: "ERP" },
          ]);
        }
        return super.appendRecords(...args);
      }
    }
    const workbook = new RacedWorkbook({ today: TODAY });
    const user = userEvent.setup();
    const view = renderPanel(<ImportPanel workbook={workbook} lang="zh" today={TODAY} />, {
      workbook,
    });
    const file = [
      "客户编号,客户名称,对接人,联系电话,核心需求",
      "C202405077,抢号测试有限公司,张三,13800000041,ERP",
    ].join("\r\n");
    await user.upload(fileInput(view.container), csvFile(file));
    await user.click(await screen.findByRole("button", { name: "导入 1 行" }));
    const renumbered = (await workbook.readRecords("customers")).find(
      (c) => c.name === "抢号测试有限公司",
    );
    expect(renumbered?.customerId).not.toBe("C202405077");
    expect(
      await screen.findByText(
        `1 个客户的编号在写入前已被他人使用，已改用新编号，并在备注中记下原编号：C202405077 → ${String(renumbered?.customerId)}`,
      ),
    ).toBeInTheDocument();
    expect(renumbered?.notes).toBe("导入前编号：C202405077");
  }, 20_000);

  it("an ID conflict's row counts as new before and after the write, the same number", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY });
    const user = userEvent.setup();
    const view = renderPanel(<ImportPanel workbook={workbook} lang="zh" today={TODAY} />, {
      workbook,
    });
    const taken = String((await workbook.readRecords("customers"))[0]?.customerId);
    const file = [
      "客户编号,客户名称,对接人,联系电话,核心需求",
      `${taken},编号冲突测试有限公司,张三,13800000031,ERP`,
      ",另一家测试有限公司,李四,13800000032,CRM",
    ].join("\r\n");
    await user.upload(fileInput(view.container), csvFile(file));
    const counts = "文件共 2 行：新增 2，更新 0，合并 0，跳过 0，有问题 0（新增中 1 行使用新编号）";
    expect(await screen.findByText(counts)).toBeInTheDocument();
    expect(screen.getByText(/原编号记在新客户的备注中/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "导入 2 行" }));
    expect(await screen.findByText("已在客户档案中新增 2 行，更新 0 行。")).toBeInTheDocument();
    const result = screen.getByRole("region", { name: "上次导入：客户.csv" });
    expect(within(result).getByText(counts)).toBeInTheDocument();
    const renumbered = (await workbook.readRecords("customers")).find(
      (c) => c.name === "编号冲突测试有限公司",
    );
    expect(renumbered?.notes).toBe(`导入前编号：${taken}`);
  }, 20_000);
});

describe("check panel", () => {
  it("lists the planted problems; clicking one selects its table, row and column", async () => {
    const user = userEvent.setup();
    const workbook = new MemoryWorkbook({ today: TODAY });
    const read = workbook.readRecords.bind(workbook);
    // Problems a paste would bring in: a bad phone and a follow-up of an unknown customer.
    jest.spyOn(workbook, "readRecords").mockImplementation(async (table: TableKey) => {
      const rows = await read(table);
      if (table === "customers" && rows[2]) rows[2].phone = "12ab";
      if (table === "interactions" && rows[1]) rows[1].customerId = "C999999999";
      return rows;
    });
    const select = jest.spyOn(workbook, "select");
    renderPanel(<CheckPanel workbook={workbook} lang="zh" today={TODAY} />, { workbook });
    await user.click(screen.getByRole("button", { name: "检查数据" }));

    const list = await screen.findByRole("list", { name: "数据检查" });
    const phone = columnDef("customers", "phone").header.zh;
    const phoneItem = within(list).getByRole("button", {
      name: new RegExp(`客户档案 第 4 行 · ${phone}.*12ab`),
    });
    const refItem = within(list).getByRole("button", {
      name: new RegExp(`维护记录 第 3 行 · 客户编号.*C999999999`),
    });
    expect(screen.getByText(/发现 \d+ 个问题。/)).toBeInTheDocument();

    await user.click(phoneItem);
    expect(select).toHaveBeenLastCalledWith({ table: "customers", row: 2, column: "phone" });
    expect(workbook.lastSelection).toEqual({ table: "customers", row: 2, column: "phone" });
    await user.click(refItem);
    expect(select).toHaveBeenLastCalledWith({
      table: "interactions",
      row: 1,
      column: "customerId",
    });
  });

  /**
   * A workbook whose checkData reports as the Excel adapter does (the sizes, then each read
   * request) and holds after each report until the test lets it go on.
   */
  function heldCheck(reports: readonly CheckProgress[]) {
    const steps: (() => void)[] = [];
    const next = () => steps.shift()?.();
    const checkData = jest.fn<
      Promise<CheckReport>,
      Parameters<NonNullable<CrmWorkbook["checkData"]>>
    >(async (_lang, options) => {
      for (const p of reports) {
        options?.onProgress?.(p);
        await new Promise<void>((resolve) => steps.push(resolve));
      }
      return { problems: [], marked: 0, syncs: reports.length + 2 };
    });
    const inner = new MemoryWorkbook({ today: TODAY });
    const workbook = Object.assign(Object.create(inner) as CrmWorkbook, { checkData });
    return { workbook, checkData, next };
  }

  const TOTAL = 98_500;

  it("shows the rows read so far while a long check reads, then that it checks", async () => {
    const user = userEvent.setup();
    const { workbook, checkData, next } = heldCheck([
      { done: 0, total: TOTAL, reading: ["customers", "interactions"] },
      { done: 60_000, total: TOTAL, reading: ["customers"] },
      { done: TOTAL, total: TOTAL, reading: [] },
    ]);
    renderPanel(<CheckPanel workbook={workbook} lang="zh" today={TODAY} />, { workbook });
    await user.click(screen.getByRole("button", { name: "检查数据" }));
    expect(checkData).toHaveBeenCalledWith(
      "zh",
      expect.objectContaining({ onProgress: expect.any(Function) }),
    );

    // The progress bar is named by its field label; the count is its description.
    const first = await screen.findByRole("progressbar", { name: "正在读取 客户档案、维护记录…" });
    expect(first).toHaveAttribute("aria-valuenow", "0");
    expect(screen.getByText("已读取 0 / 98,500 行")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "检查数据" })).toBeDisabled();

    act(next);
    const bar = await screen.findByRole("progressbar", { name: "正在读取 客户档案…" });
    expect(bar).toHaveAttribute("aria-valuenow", String(60_000 / TOTAL));
    expect(screen.getByText("已读取 60,000 / 98,500 行")).toBeInTheDocument();

    // Every row read: the check and the marks follow, without a count to show.
    act(next);
    expect(await screen.findByRole("progressbar", { name: "正在检查…" })).toBeInTheDocument();
    expect(screen.queryByRole("progressbar", { name: /正在读取/ })).not.toBeInTheDocument();
    expect(screen.queryByText(/已读取/)).not.toBeInTheDocument();

    act(next);
    expect(await screen.findByText("没有发现问题。")).toBeInTheDocument();
    expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
    expect(screen.queryByText("正在检查…")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "检查数据" })).toBeEnabled();
  });

  it("names the tables being read in English", async () => {
    const user = userEvent.setup();
    const { workbook, next } = heldCheck([
      { done: 12_345, total: TOTAL, reading: ["customers", "interactions"] },
    ]);
    renderPanel(<CheckPanel workbook={workbook} lang="en" today={TODAY} />, {
      workbook,
      lang: "en",
    });
    await user.click(screen.getByRole("button", { name: "Check data" }));
    const bar = await screen.findByRole("progressbar", {
      name: "Reading Customers, Follow-ups…",
    });
    expect(bar).toHaveAttribute("aria-valuenow", String(12_345 / TOTAL));
    expect(screen.getByText("12,345 of 98,500 rows read")).toBeInTheDocument();
    act(next);
    expect(await screen.findByText("No problems found.")).toBeInTheDocument();
    expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
  });
});

describe("dashboard panel", () => {
  it("says the dashboard is built in Excel only, and offers no button in preview", () => {
    const workbook = new MemoryWorkbook({ today: TODAY });
    renderPanel(<DashboardPanel workbook={workbook} lang="zh" />, { workbook });
    expect(screen.getByText("仪表板只能在 Excel 中生成（预览模式不可用）。")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "刷新仪表板" })).not.toBeInTheDocument();
  });
});

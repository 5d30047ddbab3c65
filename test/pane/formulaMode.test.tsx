/** Home's formula-mode control: switching rewrites the calculated columns in one step. */
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Home } from "../../src/taskpane/components/Home";
import { MemoryWorkbook } from "../../src/domain/memoryWorkbook";
import { TODAY, renderPanel } from "./render";

// Two renders and a switch each: jsdom on a shared 2-core machine can take longer than 5 s.
jest.setTimeout(20_000);

describe("the formula mode on Home", () => {
  it("shows native Excel formulas by default and switches to CRM functions", async () => {
    const user = userEvent.setup();
    const workbook = new MemoryWorkbook({ today: TODAY });
    const switchMode = jest.spyOn(workbook, "setFormulaMode");
    renderPanel(<Home />, { workbook });
    const select = await screen.findByRole("combobox", { name: "计算列公式" });
    expect(select).toHaveValue("native");
    await user.selectOptions(select, "crm");
    expect(switchMode).toHaveBeenCalledWith("crm", "zh");
    // The report names the columns rewritten, then the status reads the new mode.
    expect(await screen.findByText(/升级 7 项/)).toBeInTheDocument();
    expect(await screen.findByRole("combobox", { name: "计算列公式" })).toHaveValue("crm");
    expect((await workbook.status()).formulaMode).toBe("crm");
  });

  it("a failed switch says why and keeps the mode shown", async () => {
    const user = userEvent.setup();
    const workbook = new MemoryWorkbook({ today: TODAY });
    jest.spyOn(workbook, "setFormulaMode").mockRejectedValue(new Error("工作簿为只读"));
    renderPanel(<Home />, { workbook });
    const select = await screen.findByRole("combobox", { name: "计算列公式" });
    await user.selectOptions(select, "crm");
    expect(await screen.findByText(/工作簿为只读/)).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "计算列公式" })).toHaveValue("native");
  });
});

/**
 * Charts (`worksheet.charts`) for the Excel fake, which the dashboard uses. Kept beside the fake rather than inside it: they attach
 * to its worksheet and workbook proxies and follow the same rules (operations queue until
 * `context.sync()`, reads need load + sync, a failed sync applies nothing).
 */
import {
  FakeExcel,
  FakeOfficeError,
  FakeRange,
  FakeRequestContext,
  FakeWorksheet,
  fullAddress,
  jsonBytes,
} from "./excel";

export interface ChartState {
  name: string;
  type: string;
  /** Address of the source range, e.g. `仪表板!A10:B13`. */
  source: string;
  seriesBy: string;
  title: string;
  from?: string;
  to?: string;
}

type SheetKey = object;
const chartStore = new WeakMap<SheetKey, ChartState[]>();

function chartList(sheet: SheetKey): ChartState[] {
  let list = chartStore.get(sheet);
  if (!list) chartStore.set(sheet, (list = []));
  return list;
}

/** The charts of a sheet, for assertions. */
export function chartsOf(fake: FakeExcel, sheetName: string): ChartState[] {
  const sheet = fake.findSheet(sheetName);
  return sheet ? chartList(sheet) : [];
}

function notLoaded(prop: string): FakeOfficeError {
  return new FakeOfficeError("PropertyNotLoaded", `The property '${prop}' is not available.`);
}

export class FakeChart {
  private state: ChartState | null | undefined;
  private loaded = new Map<string, unknown>();
  constructor(
    readonly context: FakeRequestContext,
    private readonly sheet: () => SheetKey,
    private readonly resolver: () => ChartState | null,
  ) {
    context.queue("Chart.create", 0, () => void this.resolve());
  }
  private resolve(): ChartState | null {
    if (this.state === undefined) this.state = this.resolver();
    return this.state;
  }
  private live(): ChartState {
    const s = this.resolve();
    if (!s)
      throw new FakeOfficeError("ItemNotFound", "The requested Chart was not found (null object).");
    return s;
  }
  get isNullObject(): boolean {
    if (this.state === undefined) throw notLoaded("isNullObject");
    return this.state === null;
  }
  load(_spec?: unknown): this {
    this.context.queue("Chart.load", 0, (res) => {
      const s = this.resolve();
      if (s) {
        this.loaded.set("name", s.name);
        res.responseBytes += jsonBytes(s.name);
      }
    });
    return this;
  }
  get name(): string {
    if (!this.loaded.has("name")) throw notLoaded("name");
    return String(this.loaded.get("name"));
  }
  set name(value: string) {
    this.loaded.set("name", value);
    this.context.queue("Chart.name=", jsonBytes(value), () => void (this.live().name = value));
  }
  get title(): { text: string } {
    const set = (text: string) =>
      this.context.queue(
        "Chart.title.text=",
        jsonBytes(text),
        () => void (this.live().title = text),
      );
    return {
      get text(): string {
        throw notLoaded("title.text");
      },
      set text(value: string) {
        set(value);
      },
    };
  }
  get legend(): { visible: boolean; position: string } {
    const queue = (prop: string, v: unknown) =>
      this.context.queue(`Chart.legend.${prop}=`, jsonBytes(v), () => void this.live());
    return {
      get visible(): boolean {
        throw notLoaded("legend.visible");
      },
      set visible(v: boolean) {
        queue("visible", v);
      },
      get position(): string {
        throw notLoaded("legend.position");
      },
      set position(v: string) {
        queue("position", v);
      },
    };
  }
  setPosition(from: string, to?: string): void {
    this.context.queue("Chart.setPosition", jsonBytes([from, to]), () => {
      const s = this.live();
      s.from = from;
      s.to = to;
    });
  }
  delete(): void {
    this.context.queue("Chart.delete", 0, () => {
      const list = chartList(this.sheet());
      const s = this.live();
      list.splice(list.indexOf(s), 1);
    });
  }
}

export class FakeChartCollection {
  private loadedItems: FakeChart[] | undefined;
  constructor(
    readonly context: FakeRequestContext,
    private readonly worksheet: FakeWorksheet,
  ) {}
  private sheet(): SheetKey {
    return this.worksheet.target();
  }
  add(type: string, source: FakeRange, seriesBy = "Auto"): FakeChart {
    return new FakeChart(
      this.context,
      () => this.sheet(),
      () => {
        const { sheet, rect } = source.target();
        const list = chartList(this.sheet());
        const state: ChartState = {
          name: `Chart ${list.length + 1}`,
          type,
          source: fullAddress(sheet.name, rect),
          seriesBy,
          title: "",
        };
        list.push(state);
        return state;
      },
    );
  }
  getItemOrNullObject(name: string): FakeChart {
    return new FakeChart(
      this.context,
      () => this.sheet(),
      () => chartList(this.sheet()).find((c) => c.name === name) ?? null,
    );
  }
  getItem(name: string): FakeChart {
    return new FakeChart(
      this.context,
      () => this.sheet(),
      () => {
        const c = chartList(this.sheet()).find((x) => x.name === name);
        if (!c) throw new FakeOfficeError("ItemNotFound", `Chart ${name} not found`);
        return c;
      },
    );
  }
  load(_spec?: unknown): this {
    this.context.queue("ChartCollection.load", 0, (res) => {
      this.loadedItems = chartList(this.sheet()).map((state) => {
        const chart = new FakeChart(
          this.context,
          () => this.sheet(),
          () => state,
        );
        chart.load();
        return chart;
      });
      this.context.drainInto(res);
    });
    return this;
  }
  get items(): FakeChart[] {
    if (!this.loadedItems) throw notLoaded("items");
    return this.loadedItems;
  }
}

let installed = false;

/** Adds `worksheet.charts` to the fake's worksheet proxies (once per process). */
export function installCharts(): void {
  if (installed) return;
  installed = true;
  Object.defineProperty(FakeWorksheet.prototype, "charts", {
    get(this: FakeWorksheet) {
      return new FakeChartCollection(this.context, this);
    },
  });
}

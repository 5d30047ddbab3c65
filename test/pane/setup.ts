import "@testing-library/jest-dom";
import { configure } from "@testing-library/react";

// jsdom lacks the layout APIs Fluent UI's positioning and motion code call.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
if (!("ResizeObserver" in window)) {
  class ResizeObserverStub {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = ResizeObserverStub;
}
if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => undefined;

// A wait is for the pane, not for the machine: on a CI runner or a VM shared with other jobs a
// form's first render with Fluent takes seconds, and testing-library's 1 s default for findBy/
// waitFor then failed tests that pass alone. A test that passes is not slowed by a longer limit.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);

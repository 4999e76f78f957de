// Adds DOM matchers such as `toHaveTextContent` to vitest's `expect`.
import "@testing-library/jest-dom/vitest";

// jsdom has <dialog> but not its modal methods yet: enough of them for our dialogs.
if (typeof HTMLDialogElement !== "undefined" && !HTMLDialogElement.prototype.showModal) {
  HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
    if (!this.open) return;
    this.open = false;
    this.dispatchEvent(new Event("close"));
  };
}

// Adds DOM matchers such as `toHaveTextContent` to vitest's `expect`.
import "@testing-library/jest-dom/vitest";

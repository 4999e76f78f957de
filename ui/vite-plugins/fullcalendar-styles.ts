import type { Plugin } from "vite";

/**
 * FullCalendar 6 ships its CSS inside its JavaScript and injects it at run time into a
 * `<style>` element. The app's CSP (`style-src 'self'`) blocks that element, and the
 * calendar would render unstyled. This plugin moves that CSS into the build:
 *
 * - each `var css_… = "…"; injectStyles(css_…);` in a FullCalendar module becomes an import
 *   of a virtual `.css` module with the same text, which Vite bundles into `dist/assets/*.css`
 *   (served by 'self', like the app's own CSS);
 * - the run-time injector in `@fullcalendar/core` is switched off, so no `<style>` element is
 *   created at all (and no CSP violation is reported);
 * - the `fcicons` font, a `data:` URL that `default-src 'self'` blocks, is dropped: the app
 *   draws its own toolbar and uses none of FullCalendar's icons.
 *
 * Each rewrite must match exactly once: a FullCalendar upgrade that changes this code fails
 * the build instead of silently shipping an unstyled calendar. In tests (vitest, jsdom)
 * FullCalendar is not transformed and injects its styles as usual.
 */
export function fullCalendarStyles(): Plugin {
  const PREFIX = "virtual:fullcalendar-css/";
  const sheets = new Map<string, string>();

  /** `…/@fullcalendar/core/internal-common.js` → `core/internal-common`. */
  const moduleName = (id: string) =>
    /\/@fullcalendar\/([\w-]+)\/([\w-]+)\.js(?:\?.*)?$/.exec(id.replace(/\\/g, "/"));

  const INJECTION = /var (css_\w+) = ("(?:[^"\\]|\\.)*");\s*injectStyles\(\1\);/g;
  const ROOT_REGISTRATION =
    /if \(typeof document !== 'undefined'\) \{\s*registerStylesRoot\(document\);\s*\}/;
  const ENSURE = "function ensureElHasStyles(el) {";
  const ICON_FONT = /@font-face\{font-family:fcicons;[^}]*\}/;

  return {
    name: "rdv:fullcalendar-styles",
    enforce: "pre",
    resolveId(id) {
      return id.startsWith(PREFIX) ? id : null;
    },
    load(id) {
      return id.startsWith(PREFIX) ? (sheets.get(id) ?? null) : null;
    },
    transform(code, id) {
      const match = moduleName(id);
      if (!match || !code.includes("injectStyles")) return null;
      const [, pkg, file] = match;
      let count = 0;
      let out = code.replace(INJECTION, (_all, _name: string, literal: string) => {
        const sheetId = `${PREFIX}${pkg}-${file}-${count++}.css`;
        let css = JSON.parse(literal) as string;
        if (pkg === "core") {
          if (!ICON_FONT.test(css)) this.error(`${id}: FullCalendar's icon font rule changed`);
          css = css.replace(ICON_FONT, "");
        }
        sheets.set(sheetId, css);
        return `import ${JSON.stringify(sheetId)};`;
      });
      if (pkg === "core" && file === "internal-common") {
        if (!ROOT_REGISTRATION.test(out) || !out.includes(ENSURE)) {
          this.error(
            `${id}: FullCalendar's style injector changed; update vite-plugins/fullcalendar-styles.ts`,
          );
        }
        out = out
          .replace(
            ROOT_REGISTRATION,
            "/* styles bundled at build time (rdv:fullcalendar-styles) */",
          )
          .replace(ENSURE, `${ENSURE}\n    return;`);
      }
      if (count === 0 && !(pkg === "core" && file === "internal-common")) return null;
      if (count === 0) this.error(`${id}: no FullCalendar stylesheet found to bundle`);
      return { code: out, map: null };
    },
  };
}

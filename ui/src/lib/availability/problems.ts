import type { ConfigProblem } from "../ipc/bindings";

/** A problem's message in the interface language (`en` or French). */
export function problemText(problem: ConfigProblem, language: string): string {
  return language === "en" ? problem.messageEn : problem.message;
}

/**
 * The first message of each field of the item at `place` (`appointmentTypes[2]`,
 * `exceptions.closures[0]`) among `problems`, by field (`name`, `durationMinutes`: the path's
 * next segment); a problem about the item itself is under `""`. Problems of `skip` codes (about
 * other parts of the configuration than a form's fields) are left out.
 */
export function fieldProblems(
  problems: readonly ConfigProblem[],
  place: string,
  language: string,
  skip: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const problem of problems) {
    if (skip.includes(problem.code)) continue;
    let field: string;
    if (problem.path === place) field = "";
    else if (problem.path.startsWith(`${place}.`)) field = problem.path.slice(place.length + 1).split(/[.[]/)[0];
    else continue;
    out[field] ??= problemText(problem, language);
  }
  return out;
}

/**
 * The first message of each form field named in `fields` (by problem code: `closure.empty` →
 * `time`) among the problems of the item at `place` (its own path or one inside it).
 */
export function problemsByCode<F extends string>(
  problems: readonly ConfigProblem[],
  place: string,
  language: string,
  fields: Readonly<Record<string, F>>,
): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const problem of problems) {
    const field = fields[problem.code];
    if (!field || !(problem.path === place || problem.path.startsWith(`${place}.`))) continue;
    out[field] ??= problemText(problem, language);
  }
  return out;
}

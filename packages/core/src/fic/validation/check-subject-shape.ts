import { platformOf } from "../../platform/platforms";
import type { ProblemCollector } from "./fic-problem";

/** Warnings for a subject that does not look like those of its issuer's platform (the platform table's `subjectShapeWarning`). */
export function checkSubjectShape(subject: string, issuer: string, problems: ProblemCollector): void {
  const warning = platformOf(issuer, subject)?.subjectShapeWarning?.(subject);
  if (warning) problems.warning("subject", subject, warning.rule, warning.message);
}

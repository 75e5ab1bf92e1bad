/** Every error the judging rules raise, each with its stable code and Persian message. */
import { DomainError, type FieldIssue } from "../../error";

export const judgingErrors = {
  transitionNotAllowed: (from: string, event: string) =>
    new DomainError("judging.transition_not_allowed", "conflict", "این کار در وضعیت فعلی اثر ممکن نیست.", {
      detail: `${event} from ${from}`,
    }),
  roundNotOpen: (status: string) =>
    new DomainError(
      "judging.round_not_open",
      "conflict",
      "این مرحله داوری باز نیست؛ تغییر در آن ممکن نیست.",
      { detail: `round is ${status}` },
    ),
  roundLocked: () =>
    new DomainError(
      "judging.round_locked",
      "conflict",
      "این مرحله داوری قفل شده است و امتیازها دیگر تغییر نمی‌کنند.",
    ),
  roundTransitionNotAllowed: (from: string, to: string) =>
    new DomainError(
      "judging.round_transition_not_allowed",
      "conflict",
      "تغییر وضعیت این مرحله داوری به این شکل ممکن نیست.",
      { detail: `${from} → ${to}` },
    ),
  returnReasonRequired: () =>
    new DomainError("judging.return_reason_required", "input", "برای بازگرداندن اثر، دلیل آن را بنویسید.", {
      fields: [{ path: "reason", message: "دلیل بازگرداندن را بنویسید." }],
    }),
  returnNotAllowed: () =>
    new DomainError(
      "judging.return_not_allowed",
      "conflict",
      "در این مرحله نمی‌توان اثر را به مرحله قبل بازگرداند.",
    ),
  invalidMarks: (fields: FieldIssue[]) =>
    new DomainError("judging.marks_invalid", "input", "امتیازهای واردشده درست نیست.", { fields }),
};

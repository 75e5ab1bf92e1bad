import { toAsciiDigits } from "@hamdel/core/fa";
import { action, redirect, useSearchParams, useSubmission } from "@solidjs/router";
import { Field } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import { identity } from "../../lib/identity";
import { isPlatformAdmin, paths, safeNext } from "../../lib/nav";
import { fieldError } from "../../lib/problem";

const staffSignIn = action(async (form: FormData) => {
  // Recovery codes are letters and digits; only digits are made ASCII, the rest is left to the API.
  const code = toAsciiDigits(String(form.get("code") ?? "")).replace(/\s/g, "");
  const me = await identity.staffSignIn({
    username: String(form.get("username") ?? "").trim(),
    password: String(form.get("password") ?? ""),
    code,
  });
  throw redirect(safeNext(form.get("next"), isPlatformAdmin(me) ? paths.staffAdmin : paths.profile));
}, "staff-sign-in");

export default function StaffSignIn() {
  const [search] = useSearchParams();
  const signingIn = useSubmission(staffSignIn);
  return (
    <Page
      title="ورود کارکنان"
      lead="برای کارکنان شهرداری و دبیرخانه‌ها: نام کاربری، گذرواژه و کد برنامهٔ احراز هویت."
    >
      <form action={staffSignIn} method="post" class="form" aria-labelledby="page-title" novalidate>
        <input type="hidden" name="next" value={typeof search.next === "string" ? search.next : ""} />
        <Field
          label="نام کاربری"
          name="username"
          autocomplete="username"
          autocapitalize="none"
          spellcheck={false}
          dir="ltr"
          required
          error={fieldError(signingIn.error, "username")}
        />
        <Field
          label="گذرواژه"
          name="password"
          type="password"
          autocomplete="current-password"
          dir="ltr"
          required
          error={fieldError(signingIn.error, "password")}
        />
        <Field
          label="کد تأیید"
          name="code"
          inputmode="text"
          autocomplete="one-time-code"
          autocapitalize="none"
          spellcheck={false}
          dir="ltr"
          required
          hint="کد ۶ رقمی برنامهٔ احراز هویت، یا یکی از کدهای بازیابی."
          error={fieldError(signingIn.error, "code")}
        />
        <FormAlert error={signingIn.error} />
        <button type="submit" class="button" disabled={signingIn.pending}>
          {signingIn.pending ? "در حال بررسی…" : "ورود"}
        </button>
      </form>
    </Page>
  );
}

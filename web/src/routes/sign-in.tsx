import { normaliseMobile, toAsciiDigits, toPersianDigits } from "@hamdel/core/fa";
import { action, createAsync, redirect, useSearchParams, useSubmission } from "@solidjs/router";
import { createEffect, createMemo, createSignal, Match, on, onCleanup, Show, Switch } from "solid-js";
import { Field } from "../components/Field";
import { FormAlert, Status } from "../components/FormAlert";
import { Page } from "../components/Page";
import { formatCountdown, secondsUntil } from "../lib/countdown";
import { getMe, identity } from "../lib/identity";
import { paths, safeNext } from "../lib/nav";
import { ApiProblem, fieldError } from "../lib/problem";

interface Challenge {
  challengeId: string;
  mobile: string;
  expiresAt: number;
  resendAt: number;
}

const invalidMobile = () =>
  new ApiProblem(422, {
    code: "web.invalid_mobile",
    messageFa: "شمارهٔ موبایل درست نیست. شماره را به شکل ۰۹۱۲۳۴۵۶۷۸۹ وارد کنید.",
    fields: [{ path: "mobile", message: "شمارهٔ موبایل ۱۱ رقمی و با ۰۹ شروع می‌شود." }],
  });

const requestCode = action(async (form: FormData): Promise<Challenge> => {
  const mobile = normaliseMobile(String(form.get("mobile") ?? ""));
  if (!mobile) throw invalidMobile();
  const sent = await identity.requestOtp({ mobile });
  return {
    challengeId: sent.challengeId,
    mobile,
    expiresAt: Date.parse(sent.expiresAt),
    resendAt: Date.now() + sent.resendAfterSeconds * 1000,
  };
}, "otp-request");

const verifyCode = action(async (form: FormData) => {
  const code = toAsciiDigits(String(form.get("code") ?? "")).replace(/\D/g, "");
  if (!code) {
    throw new ApiProblem(422, {
      code: "web.code_required",
      messageFa: "کد تأیید را وارد کنید.",
      fields: [{ path: "code", message: "کد پیامک‌شده را وارد کنید." }],
    });
  }
  const me = await identity.verifyOtp({ challengeId: String(form.get("challengeId")), code });
  const fallback = me.kind === "citizen" && !me.profileComplete ? paths.profile : paths.home;
  throw redirect(safeNext(form.get("next"), fallback));
}, "otp-verify");

export function SignIn() {
  const me = createAsync(() => getMe());
  const [search] = useSearchParams();
  const requested = useSubmission(requestCode);
  const verifying = useSubmission(verifyCode);
  const [challenge, setChallenge] = createSignal<Challenge>();
  const [now, setNow] = createSignal(Date.now());

  // A memo, so the effect runs when a new challenge arrives, not whenever any submission changes.
  const sentChallenge = createMemo(() => requested.result);
  createEffect(
    on(sentChallenge, (result) => {
      if (!result) return;
      setChallenge(result);
      verifying.clear();
      setNow(Date.now());
      queueMicrotask(() => document.getElementById("otp-code")?.focus());
    }),
  );

  const timer = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(timer));

  const resendIn = () => secondsUntil(challenge()?.resendAt ?? 0, now());
  const expiresIn = () => secondsUntil(challenge()?.expiresAt ?? 0, now());
  const next = () => (typeof search.next === "string" ? search.next : "");

  const changeNumber = () => {
    setChallenge(undefined);
    requested.clear();
    verifying.clear();
    queueMicrotask(() => document.getElementById("mobile")?.focus());
  };

  return (
    <Page title="ورود شهروندان" lead="با شمارهٔ موبایل خود وارد شوید؛ کد یک‌بارمصرف برایتان پیامک می‌شود.">
      <Switch>
        <Match when={me()}>
          <p>شما وارد حساب خود شده‌اید.</p>
          <p>
            <a href={paths.profile}>رفتن به پروفایل</a>
          </p>
        </Match>
        <Match when={!challenge()}>
          <form action={requestCode} method="post" class="form" aria-labelledby="page-title" novalidate>
            <Field
              id="mobile"
              label="شمارهٔ موبایل"
              name="mobile"
              type="tel"
              inputmode="tel"
              autocomplete="tel-national"
              dir="ltr"
              required
              placeholder="۰۹۱۲۳۴۵۶۷۸۹"
              hint="رقم‌های فارسی یا انگلیسی، هر دو پذیرفته می‌شوند."
              error={fieldError(requested.error, "mobile")}
            />
            <FormAlert error={requested.error} />
            <button type="submit" class="button" disabled={requested.pending}>
              {requested.pending ? "در حال ارسال…" : "دریافت کد"}
            </button>
          </form>
        </Match>
        <Match when={challenge()}>
          {(sent) => (
            <>
              <Status message={`کد تأیید به شمارهٔ ${toPersianDigits(sent().mobile)} پیامک شد.`} />
              <form
                action={verifyCode}
                method="post"
                class="form"
                aria-label="ورود با کد پیامک‌شده"
                novalidate
              >
                <input type="hidden" name="challengeId" value={sent().challengeId} />
                <input type="hidden" name="next" value={next()} />
                <Field
                  id="otp-code"
                  label="کد تأیید"
                  name="code"
                  type="text"
                  inputmode="numeric"
                  autocomplete="one-time-code"
                  dir="ltr"
                  required
                  hint={
                    <Show when={expiresIn() > 0} fallback="کد منقضی شده است؛ کد تازه بخواهید.">
                      کد تا <span class="nums">{formatCountdown(expiresIn())}</span> دیگر معتبر است.
                    </Show>
                  }
                  error={fieldError(verifying.error, "code")}
                />
                <FormAlert error={verifying.error ?? requested.error} />
                <button type="submit" class="button" disabled={verifying.pending}>
                  {verifying.pending ? "در حال بررسی…" : "ورود"}
                </button>
              </form>
              <div class="form-secondary">
                <form action={requestCode} method="post">
                  <input type="hidden" name="mobile" value={sent().mobile} />
                  <button
                    type="submit"
                    class="button button--quiet"
                    disabled={resendIn() > 0 || requested.pending}
                    aria-describedby="resend-wait"
                  >
                    ارسال دوبارهٔ کد
                  </button>
                  <span id="resend-wait" class="hint">
                    <Show when={resendIn() > 0}>
                      ارسال دوباره تا <span class="nums">{formatCountdown(resendIn())}</span> دیگر
                    </Show>
                  </span>
                </form>
                <button type="button" class="button button--quiet" onClick={changeNumber}>
                  تغییر شماره
                </button>
              </div>
            </>
          )}
        </Match>
      </Switch>
    </Page>
  );
}

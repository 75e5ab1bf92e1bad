import { toAsciiDigits } from "@hamdel/core/fa";
import { A, action, createAsync, useParams, useSubmission } from "@solidjs/router";
import { createSignal, ErrorBoundary, For, Match, Show, Switch } from "solid-js";
import { Field } from "../../components/Field";
import { FormAlert, Status } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import { getInvitation, identity } from "../../lib/identity";
import { paths } from "../../lib/nav";
import { ApiProblem, fieldError, messageOf } from "../../lib/problem";
import { describeGrants } from "../../lib/roles";

const MIN_PASSWORD = 10;

const acceptInvitation = action(async (token: string, form: FormData) => {
  const password = String(form.get("password") ?? "");
  const repeat = String(form.get("passwordRepeat") ?? "");
  if (password.length < MIN_PASSWORD) {
    throw new ApiProblem(422, {
      code: "web.password_short",
      messageFa: "گذرواژه باید دست‌کم ۱۰ نویسه باشد.",
      fields: [{ path: "password", message: "دست‌کم ۱۰ نویسه." }],
    });
  }
  if (password !== repeat) {
    throw new ApiProblem(422, {
      code: "web.password_mismatch",
      messageFa: "گذرواژه و تکرار آن یکی نیستند.",
      fields: [{ path: "passwordRepeat", message: "با گذرواژه یکی نیست." }],
    });
  }
  return identity.acceptInvitation(token, password);
}, "invitation-accept");

const confirmInvitation = action(async (token: string, form: FormData) => {
  const code = toAsciiDigits(String(form.get("code") ?? "")).replace(/\s/g, "");
  return identity.confirmInvitation(token, code);
}, "invitation-confirm");

/** SVG from the API shown as an image, so no markup from a response is ever put into the page's DOM. */
const svgDataUrl = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

export default function StaffInvite() {
  const params = useParams();
  const token = () => params.token ?? "";
  // Each submission is kept per invitation: a second invitation in the same tab starts afresh.
  const accepted = useSubmission(acceptInvitation, ([t]) => t === token());
  const confirmed = useSubmission(confirmInvitation, ([t]) => t === token());

  return (
    <Page title="پذیرش دعوت‌نامهٔ کارکنان">
      <Switch>
        <Match when={confirmed.result}>{(result) => <RecoveryCodes codes={result().recoveryCodes} />}</Match>
        <Match when={accepted.result}>
          {(setup) => (
            <section aria-labelledby="totp-heading">
              <h2 id="totp-heading">گام ۲: برنامهٔ احراز هویت</h2>
              <p>
                این کد QR را با برنامهٔ احراز هویت (مانند Google Authenticator یا FreeOTP) اسکن کنید، سپس کد ۶
                رقمی‌ای را که برنامه نشان می‌دهد وارد کنید.
              </p>
              <img class="qr" src={svgDataUrl(setup().qrSvg)} alt="کد QR راه‌اندازی برنامهٔ احراز هویت" />
              <Field
                label="کلید راه‌اندازی دستی"
                name="otpauthUri"
                readonly
                dir="ltr"
                value={setup().otpauthUri}
                hint="اگر اسکن ممکن نیست، این نشانی را در برنامه وارد کنید."
                onFocus={(e) => e.currentTarget.select()}
              />
              <form
                action={confirmInvitation.with(token())}
                method="post"
                class="form"
                aria-labelledby="totp-heading"
                novalidate
              >
                <Field
                  label="کد ۶ رقمی"
                  name="code"
                  inputmode="numeric"
                  autocomplete="one-time-code"
                  dir="ltr"
                  required
                  error={fieldError(confirmed.error, "code")}
                />
                <FormAlert error={confirmed.error} />
                <button type="submit" class="button" disabled={confirmed.pending}>
                  {confirmed.pending ? "در حال بررسی…" : "تأیید کد"}
                </button>
              </form>
            </section>
          )}
        </Match>
        <Match when={true}>
          <ErrorBoundary
            fallback={(error) => (
              <div role="alert">
                <p>{messageOf(error)}</p>
                <p>اگر پیوند دعوت‌نامه قدیمی است، از مدیر سامانه دعوت‌نامهٔ تازه بخواهید.</p>
              </div>
            )}
          >
            <Invitation token={token()} />
            <section aria-labelledby="password-heading">
              <h2 id="password-heading">گام ۱: گذرواژه</h2>
              <form
                action={acceptInvitation.with(token())}
                method="post"
                class="form"
                aria-labelledby="password-heading"
                novalidate
              >
                <Field
                  label="گذرواژه"
                  name="password"
                  type="password"
                  autocomplete="new-password"
                  dir="ltr"
                  required
                  minLength={MIN_PASSWORD}
                  hint="دست‌کم ۱۰ نویسه؛ عبارتی بلند و به‌یادماندنی بهتر از رمزی کوتاه و پیچیده است."
                  error={fieldError(accepted.error, "password")}
                />
                <Field
                  label="تکرار گذرواژه"
                  name="passwordRepeat"
                  type="password"
                  autocomplete="new-password"
                  dir="ltr"
                  required
                  error={fieldError(accepted.error, "passwordRepeat")}
                />
                <FormAlert error={accepted.error} />
                <button type="submit" class="button" disabled={accepted.pending}>
                  {accepted.pending ? "در حال ذخیره…" : "ادامه"}
                </button>
              </form>
            </section>
          </ErrorBoundary>
        </Match>
      </Switch>
    </Page>
  );
}

function Invitation(props: { token: string }) {
  const invitation = createAsync(() => getInvitation(props.token));
  return (
    <Show when={invitation()}>
      {(inv) => (
        <dl class="facts">
          <dt>نام</dt>
          <dd>{inv().displayName}</dd>
          <dt>نام کاربری</dt>
          <dd>
            <bdi dir="ltr">{inv().username}</bdi>
          </dd>
          <dt>نقش‌ها</dt>
          <dd>{describeGrants(inv().roles)}</dd>
        </dl>
      )}
    </Show>
  );
}

function RecoveryCodes(props: { codes: string[] }) {
  const [copied, setCopied] = createSignal<string>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.codes.join("\n"));
      setCopied("کدها کپی شد.");
    } catch {
      setCopied("کپی ممکن نشد؛ کدها را دستی یادداشت کنید.");
    }
  };
  return (
    <section aria-labelledby="recovery-heading">
      <h2 id="recovery-heading">گام ۳: کدهای بازیابی</h2>
      <p class="notice">
        حساب شما فعال شد. این کدها را در جایی امن نگه دارید: اگر گوشی‌تان در دسترس نبود، با هر کدام یک بار
        می‌توانید وارد شوید. این کدها دیگر نمایش داده نمی‌شوند.
      </p>
      <ul class="recovery-codes" aria-label="کدهای بازیابی" dir="ltr">
        <For each={props.codes}>{(code) => <li>{code}</li>}</For>
      </ul>
      <p class="actions">
        <button type="button" class="button button--quiet" onClick={copy}>
          کپی کدها
        </button>
        <A class="button" href={paths.staffSignIn}>
          رفتن به ورود کارکنان
        </A>
      </p>
      <Status message={copied()} />
    </section>
  );
}

import { parseJalaliDate } from "@hamdel/core/fa";
import { A, action, createAsync, Navigate, revalidate, useParams, useSubmission } from "@solidjs/router";
import { createSignal, Match, Show, Switch } from "solid-js";
import { Field } from "../../components/Field";
import { FormAlert, Status } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import { type ElectionView, elections, getElection, getMyCandidacy } from "../../lib/elections";
import { getMe } from "../../lib/identity";
import { citizenOf, paths } from "../../lib/nav";
import { ApiProblem, fieldError } from "../../lib/problem";
import { type UploadPurpose, uploadFile } from "../../lib/uploads";
import { candidateStatusLabels, phaseOf, tehranTime } from "./format";
import { electionPaths, FileField, neighbourhoodName } from "./parts";

const missing = (path: string, message: string) =>
  new ApiProblem(422, { code: "web.candidacy_incomplete", messageFa: message, fields: [{ path, message }] });

const appeal = action(async (electionId: string, form: FormData) => {
  await elections.appeal(electionId, String(form.get("text") ?? "").trim());
  return "اعتراض شما ثبت شد و دوباره بررسی می‌شود.";
}, "election-candidacy-appeal");

/** /elections/:id/candidacy — a citizen applies for their neighbourhood, follows the decision, appeals once. */
export default function Candidacy() {
  const params = useParams();
  const me = createAsync(() => getMe());
  const election = createAsync(() => getElection(params.id ?? ""));
  const here = () => electionPaths.candidacy(params.id ?? "");
  return (
    <Switch fallback={<p role="status">در حال بارگذاری…</p>}>
      <Match when={me() === null}>
        <Navigate href={`${paths.signIn}?next=${encodeURIComponent(here())}`} />
      </Match>
      <Match when={me() && !citizenOf(me())}>
        <Page title="نامزدی">
          <p role="alert">ثبت‌نام نامزدی فقط با حساب شهروندی ممکن است.</p>
        </Page>
      </Match>
      <Match when={citizenOf(me()) && election()}>
        {(e) => (
          <Page title={`نامزدی: ${e().title}`}>
            <Show
              when={citizenOf(me())?.profileComplete}
              fallback={
                <p class="notice">
                  برای نامزدی، نخست <A href={paths.profile}>پروفایل خود را کامل کنید</A>؛ محلهٔ نامزدی همان
                  محلهٔ پروفایل است.
                </p>
              }
            >
              <MyCandidacy election={e()} neighbourhood={citizenOf(me())?.profile?.neighbourhood ?? ""} />
            </Show>
          </Page>
        )}
      </Match>
    </Switch>
  );
}

function MyCandidacy(props: { election: ElectionView; neighbourhood: string }) {
  const mine = createAsync(() => getMyCandidacy(props.election.id));
  const appealing = useSubmission(appeal);
  return (
    <Switch>
      <Match when={mine()}>
        {(c) => (
          <section aria-labelledby="status-heading">
            <h2 id="status-heading">وضعیت درخواست شما</h2>
            <dl class="facts">
              <dt>محله</dt>
              <dd>{neighbourhoodName(c().neighbourhoodId)}</dd>
              <dt>وضعیت</dt>
              <dd>
                <span class="badge">{candidateStatusLabels[c().status] ?? c().status}</span>
              </dd>
              <Show when={c().rejectionReason}>
                <dt>دلیل رد</dt>
                <dd>{c().rejectionReason}</dd>
              </Show>
            </dl>
            <Show when={c().status === "rejected" && !c().appealUsed}>
              <h3>اعتراض به رد درخواست</h3>
              <p class="hint">فقط یک بار می‌توانید اعتراض کنید.</p>
              <form class="form" action={appeal.with(props.election.id)} method="post" aria-label="اعتراض">
                <div class="field" classList={{ "field--invalid": !!fieldError(appealing.error, "text") }}>
                  <label for="appeal-text">متن اعتراض</label>
                  <textarea id="appeal-text" name="text" required minLength={10} maxLength={4000} />
                </div>
                <FormAlert error={appealing.error} />
                <button type="submit" class="button" disabled={appealing.pending}>
                  ثبت اعتراض
                </button>
              </form>
            </Show>
            <Status message={!appealing.pending && appealing.result} />
          </section>
        )}
      </Match>
      <Match when={mine() === null && phaseOf(props.election, Date.now()) !== "registration"}>
        <p>
          ثبت‌نام نامزدها از {tehranTime(props.election.registration.opensAt)} تا{" "}
          {tehranTime(props.election.registration.closesAt)} است و اکنون باز نیست.
        </p>
      </Match>
      <Match when={mine() === null && !props.election.neighbourhoods.includes(props.neighbourhood)}>
        <p>محلهٔ پروفایل شما ({neighbourhoodName(props.neighbourhood)}) در این انتخابات نیست.</p>
      </Match>
      <Match when={mine() === null}>
        <ApplyForm election={props.election} neighbourhood={props.neighbourhood} />
      </Match>
    </Switch>
  );
}

function ApplyForm(props: { election: ElectionView; neighbourhood: string }) {
  const [photoProgress, setPhotoProgress] = createSignal<number>();
  const [proofProgress, setProofProgress] = createSignal<number>();
  const [error, setError] = createSignal<unknown>();
  const [pending, setPending] = createSignal(false);
  const [done, setDone] = createSignal<string>();

  const fileOf = (form: HTMLFormElement, name: string) =>
    (form.elements.namedItem(name) as HTMLInputElement | null)?.files?.[0];

  const submit = async (ev: SubmitEvent) => {
    ev.preventDefault();
    const form = ev.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    setError(undefined);
    try {
      const statement = String(data.get("statement") ?? "").trim();
      if (statement.length < 20) throw missing("statement", "بیانیه دست‌کم ۲۰ نویسه باشد.");
      const since = parseJalaliDate(String(data.get("residenceSince") ?? ""));
      if (!since) throw missing("residenceSince", "تاریخ را به شکل ۱۴۰۲/۰۱/۱۵ وارد کنید.");
      const photo = fileOf(form, "photo");
      if (!photo) throw missing("photo", "عکس خود را انتخاب کنید.");
      const proof = fileOf(form, "proof");
      if (!proof) throw missing("proof", "مدرک سکونت را انتخاب کنید.");
      setPending(true);
      const up = (purpose: UploadPurpose, file: File, on: (n: number) => void) =>
        uploadFile(purpose, file, on);
      const photoUploadId = await up("profile-photo", photo, setPhotoProgress);
      const proofUploadId = await up("document", proof, setProofProgress);
      await elections.apply(props.election.id, {
        statement,
        residenceSince: since.iso,
        photoUploadId,
        proofUploadId,
      });
      setDone("درخواست نامزدی شما ثبت شد.");
      // The status section replaces the form once the query is read again.
      await revalidate(getMyCandidacy.keyFor(props.election.id));
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  };

  return (
    <section aria-labelledby="apply-heading">
      <h2 id="apply-heading">درخواست نامزدی در محلهٔ {neighbourhoodName(props.neighbourhood)}</h2>
      <p class="hint">
        نامزد باید در روز ثبت‌نام دست‌کم ۲۵ سال داشته باشد و دست‌کم ۶ ماه ساکن همین محله باشد (با مدرک).
      </p>
      <form class="form" onSubmit={submit} aria-labelledby="apply-heading" novalidate>
        <div class="field" classList={{ "field--invalid": !!fieldError(error(), "statement") }}>
          <label for="statement">بیانیهٔ نامزدی</label>
          <p class="hint" id="statement-hint">
            برنامه‌ها و انگیزهٔ خود را در ۲۰ تا ۴۰۰۰ نویسه بنویسید؛ روی برگهٔ رأی زیر نام شما می‌آید.
          </p>
          <textarea
            id="statement"
            name="statement"
            required
            maxLength={4000}
            aria-describedby={`statement-hint${fieldError(error(), "statement") ? " statement-error" : ""}`}
            aria-invalid={fieldError(error(), "statement") ? "true" : undefined}
          />
          <Show when={fieldError(error(), "statement")}>
            <p class="field-error" id="statement-error">
              {fieldError(error(), "statement")}
            </p>
          </Show>
        </div>
        <Field
          label="تاریخ آغاز سکونت در محله"
          name="residenceSince"
          inputmode="numeric"
          dir="ltr"
          required
          placeholder="۱۴۰۲/۰۱/۱۵"
          hint="به تقویم خورشیدی: سال/ماه/روز."
          error={fieldError(error(), "residenceSince")}
        />
        <FileField
          id="photo"
          label="عکس"
          hint="JPEG، PNG یا WebP، حداکثر ۵ مگابایت."
          accept="image/jpeg,image/png,image/webp"
          progress={photoProgress()}
          error={fieldError(error(), "photo") ?? fieldError(error(), "photoUploadId")}
        />
        <FileField
          id="proof"
          label="مدرک سکونت"
          hint="اجاره‌نامه، سند یا قبض به نام شما: تصویر (حداکثر ۱۰ مگابایت) یا PDF (حداکثر ۲۰ مگابایت)."
          accept="image/jpeg,image/png,image/webp,application/pdf"
          progress={proofProgress()}
          error={fieldError(error(), "proof") ?? fieldError(error(), "proofUploadId")}
        />
        <FormAlert error={error()} />
        <Status message={done()} />
        <button type="submit" class="button" disabled={pending()}>
          {pending() ? "در حال ارسال…" : "ثبت درخواست نامزدی"}
        </button>
      </form>
    </section>
  );
}

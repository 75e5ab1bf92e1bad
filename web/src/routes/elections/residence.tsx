import { A, createAsync, Navigate, revalidate, useParams } from "@solidjs/router";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { SelectField } from "../../components/Field";
import { FormAlert, Status } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import { type ElectionView, elections, getElection, getMyResidence } from "../../lib/elections";
import { getMe } from "../../lib/identity";
import { citizenOf, paths } from "../../lib/nav";
import { ApiProblem, fieldError } from "../../lib/problem";
import { uploadFile } from "../../lib/uploads";
import { phaseOf, residenceStatusLabels, tehranTime } from "./format";
import { electionPaths, FileField, neighbourhoodName } from "./parts";

/**
 * /elections/:id/residence — a citizen whose national id is not on the roll declares where they
 * live, with a proof, and follows the administrators' decision (and declares again if rejected).
 */
export default function Residence() {
  const params = useParams();
  const me = createAsync(() => getMe());
  const election = createAsync(() => getElection(params.id ?? ""));
  const here = () => electionPaths.residence(params.id ?? "");
  return (
    <Switch fallback={<p role="status">در حال بارگذاری…</p>}>
      <Match when={me() === null}>
        <Navigate href={`${paths.signIn}?next=${encodeURIComponent(here())}`} />
      </Match>
      <Match when={me() && !citizenOf(me())}>
        <Page title="اعلام سکونت">
          <p role="alert">اعلام سکونت فقط با حساب شهروندی ممکن است.</p>
        </Page>
      </Match>
      <Match when={citizenOf(me()) && election()}>
        {(e) => (
          <Page title={`اعلام سکونت: ${e().title}`}>
            <p class="hint">
              اگر کد ملی شما در فهرست رأی‌دهندگان این انتخابات نیست، محلهٔ سکونت خود را با مدرک اعلام کنید. پس
              از تأیید مجریان، نام شما در فهرست همان محله می‌آید و می‌توانید رأی دهید.{" "}
              <A href={electionPaths.election(e().id)}>بازگشت به صفحهٔ انتخابات</A>
            </p>
            <Show
              when={citizenOf(me())?.profileComplete}
              fallback={
                <p class="notice">
                  برای اعلام سکونت، نخست <A href={paths.profile}>پروفایل خود را با کد ملی کامل کنید</A>؛ همان
                  کد ملی در فهرست رأی‌دهندگان ثبت می‌شود.
                </p>
              }
            >
              <MyResidence election={e()} neighbourhood={citizenOf(me())?.profile?.neighbourhood ?? ""} />
            </Show>
          </Page>
        )}
      </Match>
    </Switch>
  );
}

function MyResidence(props: { election: ElectionView; neighbourhood: string }) {
  const mine = createAsync(() => getMyResidence(props.election.id));
  const open = () => phaseOf(props.election, Date.now()) === "registration";
  return (
    <Show when={mine()} fallback={<p role="status">در حال بارگذاری…</p>}>
      {(m) => (
        <>
          <Show when={m().declaration}>
            {(d) => (
              <section aria-labelledby="residence-status-heading">
                <h2 id="residence-status-heading">وضعیت اعلام سکونت شما</h2>
                <dl class="facts">
                  <dt>محله</dt>
                  <dd>{neighbourhoodName(d().neighbourhoodId)}</dd>
                  <dt>زمان اعلام</dt>
                  <dd>{tehranTime(d().declaredAt)}</dd>
                  <dt>وضعیت</dt>
                  <dd>
                    <span class="badge" data-testid="residence-status">
                      {residenceStatusLabels[d().status] ?? d().status}
                    </span>
                  </dd>
                  <Show when={d().reason}>
                    <dt>دلیل رد</dt>
                    <dd>{d().reason}</dd>
                  </Show>
                </dl>
                <Show when={d().status === "pending" && !open()}>
                  <p class="hint">
                    مجریان تا آغاز رأی‌گیری ({tehranTime(props.election.voting.opensAt)}) دربارهٔ آن تصمیم
                    می‌گیرند.
                  </p>
                </Show>
              </section>
            )}
          </Show>
          <Switch>
            <Match when={m().onRoll}>
              <p class="notice">
                کد ملی شما در فهرست رأی‌دهندگان این انتخابات هست و در روز رأی‌گیری می‌توانید رأی دهید.
              </p>
            </Match>
            <Match when={m().declaration && m().declaration?.status !== "rejected"}>{null}</Match>
            <Match when={!open()}>
              <p>
                اعلام سکونت از {tehranTime(props.election.registration.opensAt)} تا{" "}
                {tehranTime(props.election.registration.closesAt)} است و اکنون باز نیست.
              </p>
            </Match>
            <Match when={true}>
              <DeclareForm
                election={props.election}
                neighbourhood={props.neighbourhood}
                again={m().declaration?.status === "rejected"}
              />
            </Match>
          </Switch>
        </>
      )}
    </Show>
  );
}

function DeclareForm(props: { election: ElectionView; neighbourhood: string; again: boolean }) {
  const [progress, setProgress] = createSignal<number>();
  const [error, setError] = createSignal<unknown>();
  const [pending, setPending] = createSignal(false);
  const [done, setDone] = createSignal<string>();
  const preselected = () =>
    props.election.neighbourhoods.includes(props.neighbourhood)
      ? props.neighbourhood
      : (props.election.neighbourhoods[0] ?? "");

  const submit = async (ev: SubmitEvent) => {
    ev.preventDefault();
    const form = ev.currentTarget as HTMLFormElement;
    setError(undefined);
    try {
      const neighbourhoodId = String(new FormData(form).get("neighbourhoodId") ?? "");
      const proof = (form.elements.namedItem("proof") as HTMLInputElement | null)?.files?.[0];
      if (!proof) {
        const message = "مدرک سکونت را انتخاب کنید.";
        throw new ApiProblem(422, {
          code: "web.residence_incomplete",
          messageFa: message,
          fields: [{ path: "proof", message }],
        });
      }
      setPending(true);
      const proofUploadId = await uploadFile("document", proof, setProgress);
      await elections.declareResidence(props.election.id, { neighbourhoodId, proofUploadId });
      setDone("اعلام سکونت شما ثبت شد و پس از بررسی مجریان نتیجه را همین‌جا می‌بینید.");
      // The status section replaces the form once the query is read again.
      await revalidate(getMyResidence.keyFor(props.election.id));
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  };

  return (
    <section aria-labelledby="declare-heading">
      <h2 id="declare-heading">{props.again ? "اعلام دوبارهٔ سکونت" : "اعلام سکونت"}</h2>
      <form class="form" onSubmit={submit} aria-labelledby="declare-heading" novalidate>
        <SelectField
          label="محلهٔ سکونت"
          name="neighbourhoodId"
          id="residence-neighbourhood"
          hint="محله‌ای که در آن زندگی می‌کنید و مدرکتان نشانی آن را دارد."
          error={fieldError(error(), "neighbourhoodId")}
        >
          <For each={props.election.neighbourhoods}>
            {(n) => (
              <option value={n} selected={n === preselected()}>
                {neighbourhoodName(n)}
              </option>
            )}
          </For>
        </SelectField>
        <FileField
          id="proof"
          label="مدرک سکونت"
          hint="اجاره‌نامه، سند یا قبض به نام شما با نشانی محله: تصویر (حداکثر ۱۰ مگابایت) یا PDF (حداکثر ۲۰ مگابایت)."
          accept="image/jpeg,image/png,image/webp,application/pdf"
          progress={progress()}
          error={fieldError(error(), "proof") ?? fieldError(error(), "proofUploadId")}
        />
        <FormAlert error={error()} />
        <Status message={done()} />
        <button type="submit" class="button" disabled={pending()}>
          {pending() ? "در حال ارسال…" : "ثبت اعلام سکونت"}
        </button>
      </form>
    </section>
  );
}

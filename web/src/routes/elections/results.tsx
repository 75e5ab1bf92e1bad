import { A, action, createAsync, useParams, useSubmission } from "@solidjs/router";
import { createMemo, For, Show, Suspense } from "solid-js";
import { SelectField } from "../../components/Field";
import { FormAlert, Status } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import {
  type ElectionResults,
  type ElectionView,
  elections,
  getBallot,
  getElection,
  getResults,
  recordUrl,
} from "../../lib/elections";
import { getMe } from "../../lib/identity";
import { citizenOf } from "../../lib/nav";
import { fieldError } from "../../lib/problem";
import { faNumber, faPercent, tehranTime } from "./format";
import { ComplaintsCount, electionPaths, neighbourhoodName, PhaseBadge } from "./parts";

type NeighbourhoodResult = ElectionResults["neighbourhoods"][number];

const fileComplaint = action(async (electionId: string, form: FormData) => {
  const neighbourhoodId = String(form.get("neighbourhoodId") ?? "");
  await elections.fileComplaint(
    electionId,
    String(form.get("text") ?? "").trim(),
    neighbourhoodId || undefined,
  );
  return "شکایت شما ثبت شد و پیش از قطعی‌شدن نتایج به آن رسیدگی می‌شود.";
}, "election-complaint");

/** /elections/:id/results — main members and alternates per neighbourhood, with their votes. */
export default function Results() {
  const params = useParams();
  const id = () => params.id ?? "";
  const election = createAsync(() => getElection(id()));
  const results = createAsync(() => getResults(id()));
  return (
    <Show when={election()} fallback={<p role="status">در حال بارگذاری…</p>}>
      {(e) => (
        <Page title={`نتایج: ${e().title}`} wide>
          <p>
            <A href={electionPaths.election(e().id)}>صفحهٔ انتخابات</A> ·{" "}
            <A href={electionPaths.board(e().id)}>تابلوی اعلانات</A>
          </p>
          <Suspense fallback={<p role="status">در حال بارگذاری نتایج…</p>}>
            <Show
              when={results()}
              fallback={<p>رأی‌گیری هنوز بسته نشده است؛ نتایج پس از پایان رأی‌گیری منتشر می‌شود.</p>}
            >
              {(r) => (
                <>
                  <p>
                    <PhaseBadge phase={r().status === "final" ? "final" : "preliminary"} />{" "}
                    {r().status === "final"
                      ? "نتایج پس از رسیدگی به شکایت‌ها قطعی و تأیید شده است."
                      : `نتایج اولیه است؛ شکایت‌ها تا ${tehranTime(e().complaints.closesAt)} پذیرفته می‌شود.`}
                  </p>
                  <p>
                    <a href={recordUrl(e().id)} download="">
                      دریافت پروندهٔ کامل انتخابات برای بازشماری مستقل (JSON)
                    </a>
                  </p>
                  <ComplaintsCount electionId={e().id} />
                  <For each={r().neighbourhoods}>
                    {(n) => <NeighbourhoodResults electionId={e().id} result={n} />}
                  </For>
                  <Show when={r().status === "preliminary"}>
                    <ComplaintForm election={e()} />
                  </Show>
                </>
              )}
            </Show>
          </Suspense>
        </Page>
      )}
    </Show>
  );
}

function NeighbourhoodResults(props: { electionId: string; result: NeighbourhoodResult }) {
  const ballot = createAsync(() => getBallot(props.electionId, props.result.neighbourhoodId));
  const names = createMemo(() => new Map((ballot() ?? []).map((c) => [c.id, c.name])));
  const nameOf = (cid: string) => names().get(cid) ?? cid;
  const headingId = `results-${props.result.neighbourhoodId}`;
  const r = () => props.result;
  const others = () => {
    const seated = new Set([...r().main, ...r().alternates]);
    return Object.keys(r().counts)
      .filter((cid) => !seated.has(cid))
      .sort((a, b) => (r().counts[b] ?? 0) - (r().counts[a] ?? 0));
  };
  const row = (cid: string, role: string) => (
    <tr>
      <th scope="row">{nameOf(cid)}</th>
      <td>{role}</td>
      <td>{faNumber(r().counts[cid] ?? 0)}</td>
    </tr>
  );
  return (
    <section aria-labelledby={headingId} class="panel">
      <h2 id={headingId}>{neighbourhoodName(r().neighbourhoodId)}</h2>
      <p class="hint">
        {faNumber(r().participation)} رأی از {faNumber(r().eligible)} واجد شرایط (مشارکت{" "}
        {faPercent(r().participation, r().eligible)})
      </p>
      <Suspense fallback={<p role="status">در حال بارگذاری نام نامزدها…</p>}>
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">نتایج {neighbourhoodName(r().neighbourhoodId)}</caption>
            <thead>
              <tr>
                <th scope="col">نامزد</th>
                <th scope="col">جایگاه</th>
                <th scope="col">رأی</th>
              </tr>
            </thead>
            <tbody>
              <For each={r().main}>{(cid) => row(cid, "عضو اصلی")}</For>
              <For each={r().alternates}>{(cid) => row(cid, "علی‌البدل")}</For>
              <For each={others()}>{(cid) => row(cid, "—")}</For>
            </tbody>
          </table>
        </div>
      </Suspense>
    </section>
  );
}

function ComplaintForm(props: { election: ElectionView }) {
  const me = createAsync(() => getMe());
  const filing = useSubmission(fileComplaint);
  const now = Date.now();
  const open = () =>
    now >= Date.parse(props.election.complaints.opensAt) &&
    now < Date.parse(props.election.complaints.closesAt);
  return (
    <Show when={citizenOf(me()) && open()}>
      <section aria-labelledby="complaint-heading">
        <h2 id="complaint-heading">ثبت شکایت</h2>
        <form
          class="form"
          action={fileComplaint.with(props.election.id)}
          method="post"
          aria-labelledby="complaint-heading"
        >
          <SelectField label="محله (اختیاری)" name="neighbourhoodId">
            <option value="">همهٔ انتخابات</option>
            <For each={props.election.neighbourhoods}>
              {(n) => <option value={n}>{neighbourhoodName(n)}</option>}
            </For>
          </SelectField>
          <div class="field" classList={{ "field--invalid": !!fieldError(filing.error, "text") }}>
            <label for="complaint-text">متن شکایت</label>
            <textarea id="complaint-text" name="text" required minLength={10} maxLength={4000} />
          </div>
          <FormAlert error={filing.error} />
          <Status message={!filing.pending && filing.result} />
          <button type="submit" class="button" disabled={filing.pending}>
            ثبت شکایت
          </button>
        </form>
      </section>
    </Show>
  );
}

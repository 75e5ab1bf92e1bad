import { formatJalali, toAsciiDigits } from "@hamdel/core/fa";
import { A, action, createAsync, Navigate, useParams, useSubmission } from "@solidjs/router";
import { createSignal, For, Match, Show, Suspense, Switch } from "solid-js";
import { Field, SelectField } from "../../components/Field";
import { FormAlert, Status } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import {
  type ElectionView,
  elections,
  getApplications,
  getAudit,
  getComplaints,
  getElection,
  getResidenceDeclarations,
  getTurnout,
  isXlsxFile,
  type ResidenceStatus,
} from "../../lib/elections";
import { getMe } from "../../lib/identity";
import { hasElectionRole, paths, staffOf } from "../../lib/nav";
import { fieldError } from "../../lib/problem";
import {
  auditActionLabels,
  auditDataLabels,
  candidateStatusLabels,
  complaintStatusLabels,
  faNumber,
  phaseOf,
  residenceStatusLabels,
  rollRejectionLabels,
  tehranTime,
} from "./format";
import { electionPaths, neighbourhoodName, PhaseBadge, TurnoutChart } from "./parts";
import { isElectionAdmin } from "./staff";

const importRoll = action(async (electionId: string, form: FormData) => {
  const file = form.get("file");
  if (file instanceof File && file.size > 0) {
    return elections.importRoll(
      electionId,
      isXlsxFile(file) ? { xlsx: await file.arrayBuffer() } : { csv: await file.text() },
    );
  }
  return elections.importRoll(electionId, { csv: String(form.get("csv") ?? "") });
}, "election-roll");

const extend = action(async (electionId: string, form: FormData) => {
  const minutes = Number.parseInt(toAsciiDigits(String(form.get("minutes") ?? "")).trim(), 10);
  await elections.extend(
    electionId,
    Number.isNaN(minutes) ? 0 : minutes,
    String(form.get("reason") ?? "").trim(),
  );
  return "زمان رأی‌گیری تمدید شد.";
}, "election-extend");

const decide = action(async (electionId: string, candidateId: string, form: FormData) => {
  const decision = String(form.get("decision"));
  await elections.decide(
    electionId,
    candidateId,
    decision === "approve"
      ? { decision: "approve" }
      : { decision: "reject", reason: String(form.get("reason") ?? "").trim() },
  );
  return candidateId;
}, "election-decide");

const decideResidence = action(async (electionId: string, declarationId: string, form: FormData) => {
  const decision = String(form.get("decision"));
  await elections.decideResidence(
    electionId,
    declarationId,
    decision === "verify"
      ? { decision: "verify" }
      : { decision: "reject", reason: String(form.get("reason") ?? "").trim() },
  );
  return decision === "verify" ? "سکونت تأیید شد و نام به فهرست رأی‌دهندگان افزوده شد." : "اعلام سکونت رد شد.";
}, "election-residence-decide");

const close = action(async (electionId: string) => {
  await elections.close(electionId);
  return "رأی‌گیری بسته و شمارش شد؛ نتایج اولیه منتشر شد.";
}, "election-close");

const rule = action(async (electionId: string, complaintId: string, form: FormData) => {
  const decision = String(form.get("decision")) === "upheld" ? "upheld" : "dismissed";
  await elections.rule(electionId, complaintId, decision, String(form.get("reason") ?? "").trim());
  return complaintId;
}, "election-rule");

const certify = action(async (electionId: string) => {
  await elections.certify(electionId);
  return "نتایج قطعی شد.";
}, "election-certify");

/** /staff/elections/:id — one election for administrators (every action) and observers (read-only). */
export default function StaffElection() {
  const params = useParams();
  const me = createAsync(() => getMe());
  const election = createAsync(() => getElection(params.id ?? ""));
  return (
    <Switch fallback={<p role="status">در حال بارگذاری…</p>}>
      <Match when={me() === null}>
        <Navigate
          href={`${paths.staffSignIn}?next=${encodeURIComponent(electionPaths.staffElection(params.id ?? ""))}`}
        />
      </Match>
      <Match when={me() && !hasElectionRole(me())}>
        <Page title="ادارهٔ انتخابات">
          <p role="alert">این بخش برای مجریان و ناظران انتخابات است.</p>
        </Page>
      </Match>
      <Match when={staffOf(me()) && election()}>
        {(e) => {
          const admin = () => isElectionAdmin(staffOf(me()));
          const phase = () => phaseOf(e(), Date.now());
          return (
            <Page title={`ادارهٔ ${e().title}`} wide>
              <p>
                <PhaseBadge phase={phase()} /> <A href={electionPaths.election(e().id)}>صفحهٔ عمومی</A> ·{" "}
                <A href={electionPaths.results(e().id)}>نتایج</A> ·{" "}
                <A href={electionPaths.board(e().id)}>تابلوی اعلانات</A>
              </p>
              <Show when={!admin()}>
                <p class="notice">شما ناظر هستید: همه چیز را می‌بینید و چیزی را تغییر نمی‌دهید.</p>
              </Show>
              <dl class="facts">
                <dt>رأی‌گیری</dt>
                <dd>
                  {tehranTime(e().voting.opensAt)} تا {tehranTime(e().voting.effectiveClosesAt)} (تمدید:{" "}
                  {faNumber(e().voting.extendedMinutes)} از {faNumber(e().voting.maxExtensionMinutes)} دقیقه)
                </dd>
                <dt>بذر قرعه</dt>
                <dd>
                  <code class="hash" dir="ltr">
                    {e().drawSeed}
                  </code>
                </dd>
              </dl>
              <Eligible election={e()} />
              <Show when={admin() && e().status === "scheduled"}>
                <RollImport election={e()} />
              </Show>
              <ResidenceDeclarations election={e()} admin={admin()} />
              <Applications election={e()} admin={admin()} />
              <Show when={admin() && e().status === "scheduled"}>
                <Extend election={e()} />
                <Close election={e()} />
              </Show>
              <Show when={e().status !== "scheduled"}>
                <Complaints election={e()} admin={admin()} />
              </Show>
              <Show when={admin() && e().status === "preliminary"}>
                <Certify election={e()} />
              </Show>
              <Audit election={e()} />
            </Page>
          );
        }}
      </Match>
    </Switch>
  );
}

function Eligible(props: { election: ElectionView }) {
  const rows = createAsync(() => getTurnout(props.election.id));
  return (
    <section aria-labelledby="eligible-heading">
      <h2 id="eligible-heading">واجدان شرایط و مشارکت</h2>
      <Suspense fallback={<p role="status">در حال بارگذاری…</p>}>
        <TurnoutChart rows={rows() ?? []} labelledBy="eligible-heading" />
      </Suspense>
    </section>
  );
}

function RollImport(props: { election: ElectionView }) {
  const importing = useSubmission(importRoll);
  return (
    <section aria-labelledby="roll-heading">
      <h2 id="roll-heading">فهرست رأی‌دهندگان</h2>
      <p class="hint">
        هر سطر: کد ملی، شمارهٔ موبایل، شناسهٔ محله (مثلاً{" "}
        <bdi dir="ltr">0499370899,09121234567,d07-abbasabad</bdi>
        )؛ سطر عنوان اختیاری است. کد ملی و موبایل فقط به شکل چکیدهٔ کلیددار نگه داشته می‌شوند.
      </p>
      <form
        action={importRoll.with(props.election.id)}
        method="post"
        // Without it the router sends the fields as URLSearchParams: the chosen file would arrive
        // as its name only.
        enctype="multipart/form-data"
        class="form"
        aria-labelledby="roll-heading"
      >
        <div class="field">
          <label for="roll-csv">متن CSV</label>
          <textarea id="roll-csv" name="csv" dir="ltr" spellcheck={false} />
        </div>
        <div class="field">
          <label for="roll-file">یا فایل CSV یا اکسل (‎.xlsx‎)</label>
          <input
            type="file"
            id="roll-file"
            name="file"
            accept=".csv,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby="roll-file-hint"
          />
          <p class="hint" id="roll-file-hint">
            در فایل اکسل، نخستین برگه خوانده می‌شود با همان سه ستون؛ شمارهٔ سطرهای ردشده همان شمارهٔ ردیف در اکسل
            است.
          </p>
        </div>
        <FormAlert error={importing.error} />
        <button type="submit" class="button" disabled={importing.pending}>
          {importing.pending ? "در حال بارگذاری…" : "بارگذاری فهرست"}
        </button>
      </form>
      <Show when={!importing.pending && importing.result}>
        {(report) => (
          <div role="status">
            <p>
              {faNumber(report().rows)} سطر خوانده شد: {faNumber(report().added)} نفر افزوده شد،{" "}
              {faNumber(report().alreadyListed)} نفر از پیش در فهرست بود و{" "}
              {faNumber(report().rejected.length)} سطر رد شد.
            </p>
            <Show when={report().rejected.length}>
              <div class="table-scroll">
                <table>
                  <caption>سطرهای ردشده</caption>
                  <thead>
                    <tr>
                      <th scope="col">شمارهٔ سطر</th>
                      <th scope="col">دلیل</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={report().rejected}>
                      {(r) => (
                        <tr>
                          <td>{faNumber(r.line)}</td>
                          <td>{rollRejectionLabels[r.reason] ?? r.reason}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}

/**
 * Residence declarations of citizens not on the roll, a page at a time (pending first, oldest
 * first): the declared name and neighbourhood, the proof by a short-lived link, and — for
 * administrators until voting opens — verify (onto the roll) or reject with a reason.
 */
function ResidenceDeclarations(props: { election: ElectionView; admin: boolean }) {
  const [status, setStatus] = createSignal<ResidenceStatus>("pending");
  const [cursors, setCursors] = createSignal<string[]>([]);
  const page = createAsync(() => getResidenceDeclarations(props.election.id, status(), cursors().at(-1)));
  const deciding = useSubmission(decideResidence);
  const open = () => props.admin && Date.now() < Date.parse(props.election.voting.opensAt);
  return (
    <section aria-labelledby="residence-heading">
      <h2 id="residence-heading">اعلام‌های سکونت</h2>
      <p class="hint">
        شهروندانی که در فهرست نیستند سکونت خود را با مدرک اعلام می‌کنند؛ با تأیید، نامشان در فهرست همان محله
        می‌آید (تا آغاز رأی‌گیری).
      </p>
      <SelectField
        label="وضعیت"
        name="residence-status"
        onChange={(ev) => {
          const value = ev.currentTarget.value;
          setStatus(value === "verified" || value === "rejected" ? value : "pending");
          setCursors([]);
        }}
      >
        <For each={["pending", "verified", "rejected"] as const}>
          {(s) => (
            <option value={s} selected={s === status()}>
              {residenceStatusLabels[s]}
            </option>
          )}
        </For>
      </SelectField>
      <FormAlert error={deciding.error} />
      <Status message={!deciding.pending && deciding.result} />
      <Suspense fallback={<p role="status">در حال بارگذاری…</p>}>
        <Show when={page()?.items.length} fallback={<p>اعلامی با این وضعیت نیست.</p>}>
          <ul class="election-list">
            <For each={page()?.items}>
              {(d) => (
                <li>
                  <h3>
                    {d.name} <span class="badge">{residenceStatusLabels[d.status] ?? d.status}</span>
                  </h3>
                  <p>
                    محله: {neighbourhoodName(d.neighbourhoodId)} · کد ملی به سه رقم پایانی{" "}
                    <bdi dir="ltr">{d.nationalIdLast3}</bdi> · اعلام در {tehranTime(d.declaredAt)}
                  </p>
                  <p>
                    <a href={d.proof.url} target="_blank" rel="noopener">
                      مدرک سکونت {d.name}
                    </a>
                  </p>
                  <Show when={d.reason}>
                    <p class="hint">دلیل رد: {d.reason}</p>
                  </Show>
                  <Show when={open() && d.status === "pending"}>
                    <form
                      action={decideResidence.with(props.election.id, d.id)}
                      method="post"
                      class="form"
                      aria-label={`تصمیم دربارهٔ سکونت ${d.name}`}
                    >
                      <Field
                        label="دلیل رد (برای رد لازم است)"
                        name="reason"
                        id={`residence-reason-${d.id}`}
                      />
                      <div class="actions">
                        <button
                          type="submit"
                          class="button"
                          name="decision"
                          value="verify"
                          disabled={deciding.pending}
                        >
                          تأیید سکونت<span class="visually-hidden"> {d.name}</span>
                        </button>
                        <button
                          type="submit"
                          class="button button--danger"
                          name="decision"
                          value="reject"
                          disabled={deciding.pending}
                        >
                          رد<span class="visually-hidden"> اعلام سکونت {d.name}</span>
                        </button>
                      </div>
                    </form>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <nav class="actions" aria-label="صفحه‌های اعلام‌های سکونت">
          <button
            type="button"
            class="button button--quiet"
            disabled={cursors().length === 0}
            onClick={() => setCursors(cursors().slice(0, -1))}
          >
            صفحهٔ پیشین
          </button>
          <button
            type="button"
            class="button button--quiet"
            disabled={!page()?.next}
            onClick={() => {
              const next = page()?.next;
              if (next) setCursors([...cursors(), next]);
            }}
          >
            صفحهٔ بعد
          </button>
        </nav>
      </Suspense>
    </section>
  );
}

function Applications(props: { election: ElectionView; admin: boolean }) {
  const [hood, setHood] = createSignal(props.election.neighbourhoods[0] ?? "");
  const list = createAsync(async () => (hood() ? getApplications(props.election.id, hood()) : []));
  const deciding = useSubmission(decide);
  const open = () => props.admin && props.election.status === "scheduled";
  return (
    <section aria-labelledby="apps-heading">
      <h2 id="apps-heading">درخواست‌های نامزدی</h2>
      <SelectField label="محله" name="apps-neighbourhood" onChange={(ev) => setHood(ev.currentTarget.value)}>
        <For each={props.election.neighbourhoods}>
          {(n) => (
            <option value={n} selected={n === hood()}>
              {neighbourhoodName(n)}
            </option>
          )}
        </For>
      </SelectField>
      <FormAlert error={deciding.error} />
      <Suspense fallback={<p role="status">در حال بارگذاری…</p>}>
        <Show when={list()?.length} fallback={<p>درخواستی برای این محله نیست.</p>}>
          <ul class="election-list">
            <For each={list()}>
              {(c) => (
                <li>
                  <h3>
                    {c.name} <span class="badge">{candidateStatusLabels[c.status] ?? c.status}</span>
                  </h3>
                  <img
                    class="candidate-photo"
                    src={c.files.photoUrl}
                    alt={`عکس ${c.name}`}
                    width="96"
                    height="96"
                    loading="lazy"
                  />
                  <p>{c.statement}</p>
                  <p class="hint">
                    ساکن محله از {formatJalali(c.residenceSince, { style: "long" })} ·{" "}
                    <a href={c.files.proofUrl} target="_blank" rel="noopener">
                      مدرک سکونت {c.name}
                    </a>
                  </p>
                  <Show when={c.rejectionReason}>
                    <p class="hint">دلیل رد: {c.rejectionReason}</p>
                  </Show>
                  <Show when={c.appealText}>
                    {(text) => (
                      <blockquote class="panel" data-testid="appeal-text">
                        <p>
                          <strong>متن اعتراض نامزد:</strong> {text()}
                        </p>
                      </blockquote>
                    )}
                  </Show>
                  <Show when={open() && (c.status === "submitted" || c.status === "appealed")}>
                    <form
                      action={decide.with(props.election.id, c.id)}
                      method="post"
                      class="form"
                      aria-label={`تصمیم دربارهٔ ${c.name}`}
                    >
                      <Field label="دلیل رد (برای رد لازم است)" name="reason" id={`reason-${c.id}`} />
                      <div class="actions">
                        <button
                          type="submit"
                          class="button"
                          name="decision"
                          value="approve"
                          disabled={deciding.pending}
                        >
                          تأیید<span class="visually-hidden"> {c.name}</span>
                        </button>
                        <button
                          type="submit"
                          class="button button--danger"
                          name="decision"
                          value="reject"
                          disabled={deciding.pending}
                        >
                          رد<span class="visually-hidden"> {c.name}</span>
                        </button>
                      </div>
                    </form>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Suspense>
    </section>
  );
}

function Extend(props: { election: ElectionView }) {
  const extending = useSubmission(extend);
  const left = () => props.election.voting.maxExtensionMinutes - props.election.voting.extendedMinutes;
  return (
    <section aria-labelledby="extend-heading">
      <h2 id="extend-heading">تمدید رأی‌گیری</h2>
      <p class="hint">تا {faNumber(left())} دقیقهٔ دیگر می‌توان تمدید کرد؛ هر تمدید با دلیلش ثبت می‌شود.</p>
      <form
        action={extend.with(props.election.id)}
        method="post"
        class="form"
        aria-labelledby="extend-heading"
      >
        <div class="form-row">
          <Field
            label="مدت (دقیقه)"
            name="minutes"
            inputmode="numeric"
            dir="ltr"
            required
            error={fieldError(extending.error, "minutes")}
          />
          <Field label="دلیل" name="reason" required error={fieldError(extending.error, "reason")} />
        </div>
        <FormAlert error={extending.error} />
        <Status message={!extending.pending && extending.result} />
        <button type="submit" class="button" disabled={extending.pending}>
          تمدید
        </button>
      </form>
    </section>
  );
}

function Close(props: { election: ElectionView }) {
  const closing = useSubmission(close);
  return (
    <section aria-labelledby="close-heading">
      <h2 id="close-heading">پایان رأی‌گیری و شمارش</h2>
      <p class="hint">
        پس از پایان زمان رأی‌گیری: همهٔ زنجیره‌ها مهر و امضا، رأی‌ها شمارش و نتایج اولیه منتشر می‌شود.
      </p>
      <form action={close.with(props.election.id)} method="post">
        <FormAlert error={closing.error} />
        <Status message={!closing.pending && closing.result} />
        <button type="submit" class="button button--danger" disabled={closing.pending}>
          {closing.pending ? "در حال شمارش…" : "بستن و شمارش"}
        </button>
      </form>
    </section>
  );
}

function Complaints(props: { election: ElectionView; admin: boolean }) {
  const list = createAsync(() => getComplaints(props.election.id));
  const ruling = useSubmission(rule);
  return (
    <section aria-labelledby="complaints-heading">
      <h2 id="complaints-heading">شکایت‌ها</h2>
      <FormAlert error={ruling.error} />
      <Suspense fallback={<p role="status">در حال بارگذاری…</p>}>
        <Show when={list()?.length} fallback={<p>شکایتی ثبت نشده است.</p>}>
          <ul class="election-list">
            <For each={list()}>
              {(c) => (
                <li>
                  <p>
                    <span class="badge">{complaintStatusLabels[c.status] ?? c.status}</span>{" "}
                    {c.neighbourhoodId ? neighbourhoodName(c.neighbourhoodId) : "همهٔ انتخابات"} ·{" "}
                    {tehranTime(c.createdAt)}
                  </p>
                  <p>{c.text}</p>
                  <Show when={c.ruling}>
                    <p class="hint">رأی: {c.ruling}</p>
                  </Show>
                  <Show when={props.admin && c.status === "open" && props.election.status === "preliminary"}>
                    <form
                      action={rule.with(props.election.id, c.id)}
                      method="post"
                      class="form"
                      aria-label="رأی دربارهٔ شکایت"
                    >
                      <Field label="دلیل رأی" name="reason" id={`ruling-${c.id}`} required />
                      <div class="actions">
                        <button
                          type="submit"
                          class="button"
                          name="decision"
                          value="upheld"
                          disabled={ruling.pending}
                        >
                          پذیرش شکایت
                        </button>
                        <button
                          type="submit"
                          class="button button--quiet"
                          name="decision"
                          value="dismissed"
                          disabled={ruling.pending}
                        >
                          رد شکایت
                        </button>
                      </div>
                    </form>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Suspense>
    </section>
  );
}

function Certify(props: { election: ElectionView }) {
  const certifying = useSubmission(certify);
  return (
    <section aria-labelledby="certify-heading">
      <h2 id="certify-heading">قطعی‌کردن نتایج</h2>
      <p class="hint">
        پس از پایان مهلت شکایت ({tehranTime(props.election.complaints.closesAt)}) و رسیدگی به همهٔ شکایت‌ها.
      </p>
      <form action={certify.with(props.election.id)} method="post">
        <FormAlert error={certifying.error} />
        <Status message={!certifying.pending && certifying.result} />
        <button type="submit" class="button" disabled={certifying.pending}>
          تأیید نتایج قطعی
        </button>
      </form>
    </section>
  );
}

/**
 * The audit logs, newest first, a page at a time: the administrative log (window changes, roll
 * imports with their totals, candidate decisions, close, rulings) or the roll log (each imported
 * chunk). Older pages are reached through the cursor the API returns; the cursors seen so far are
 * kept so "newer" goes back.
 */
function Audit(props: { election: ElectionView }) {
  const [log, setLog] = createSignal<"election" | "roll">("election");
  const [cursors, setCursors] = createSignal<string[]>([]);
  const page = createAsync(() => getAudit(props.election.id, log(), cursors().at(-1)));
  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">گزارش کارهای اداری</h2>
      <SelectField
        label="گزارش"
        name="log"
        onChange={(ev) => {
          setLog(ev.currentTarget.value === "roll" ? "roll" : "election");
          setCursors([]);
        }}
      >
        <option value="election" selected={log() === "election"}>
          کارهای اداری (تمدید، فهرست، نامزدها، شمارش، شکایت‌ها)
        </option>
        <option value="roll" selected={log() === "roll"}>
          فهرست رأی‌دهندگان: بخش‌های بارگذاری‌شده و اعلام‌های سکونت
        </option>
      </SelectField>
      <Suspense fallback={<p role="status">در حال بارگذاری…</p>}>
        <Show when={page()?.items.length} fallback={<p>هنوز کاری ثبت نشده است.</p>}>
          <div class="table-scroll">
            <table>
              <caption class="visually-hidden">گزارش کارهای اداری انتخابات، تازه‌ترین نخست</caption>
              <thead>
                <tr>
                  <th scope="col">زمان (تهران)</th>
                  <th scope="col">کار</th>
                  <th scope="col">کننده</th>
                  <th scope="col">جزئیات</th>
                </tr>
              </thead>
              <tbody>
                <For each={page()?.items}>
                  {(a) => (
                    <tr>
                      <td>{tehranTime(a.at)}</td>
                      <td>{auditActionLabels[a.action] ?? a.action}</td>
                      <td>
                        {a.actor.kind === "staff"
                          ? "کارمند"
                          : a.actor.kind === "citizen"
                            ? "شهروند"
                            : "ناشناس"}
                        <Show when={a.actor.userId}>
                          {(id) => (
                            <>
                              {" "}
                              <code class="hash" dir="ltr">
                                {id()}
                              </code>
                            </>
                          )}
                        </Show>
                      </td>
                      <td>
                        <Show when={a.data}>{(data) => <AuditDetails data={data()} />}</Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
        <nav class="actions" aria-label="صفحه‌های گزارش">
          <button
            type="button"
            class="button button--quiet"
            disabled={cursors().length === 0}
            onClick={() => setCursors(cursors().slice(0, -1))}
          >
            تازه‌تر
          </button>
          <button
            type="button"
            class="button button--quiet"
            disabled={!page()?.next}
            onClick={() => {
              const next = page()?.next;
              if (next) setCursors([...cursors(), next]);
            }}
          >
            قدیمی‌تر
          </button>
        </nav>
      </Suspense>
    </section>
  );
}

/** An entry's ids and counts as "name: value" pairs; numbers in Persian digits. */
function AuditDetails(props: { data: Record<string, unknown> }) {
  const show = (v: unknown): string =>
    typeof v === "number"
      ? faNumber(v)
      : Array.isArray(v)
        ? v.map(show).join("، ")
        : typeof v === "string"
          ? v
          : JSON.stringify(v);
  return (
    <dl class="audit-data">
      <For each={Object.entries(props.data)}>
        {([key, value]) => (
          <>
            <dt>{auditDataLabels[key] ?? key}</dt>
            <dd>
              <bdi>{show(value)}</bdi>
            </dd>
          </>
        )}
      </For>
    </dl>
  );
}

/**
 * /staff/judging/:pid — the secretariats' console for one programme: round controls and intake
 * (central), the paginated queue (a clerk with 2,000 works pages 25 at a time, filters by
 * district and state, votes yes/no/maybe and selects, forwards or returns with a reason from
 * the keyboard), the district dashboard (bars with the same numbers as a table, each district's
 * shortcomings flagged and listed), the jury's
 * panel, ranking and winners, publishing, certificates and the exports (entries, and a scoring
 * round's scores, as CSV or XLSX with a data dictionary).
 */
import { formatJalali, toPersianDigits } from "@hamdel/core/fa";
import { A, createAsync, Navigate, useParams, useSearchParams } from "@solidjs/router";
import { createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { FormAlert, Status } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import { getProgramme } from "../../lib/festival";
import { getMe } from "../../lib/identity";
import {
  type District,
  dictionaryHref,
  exportHref,
  getProgress,
  getQueue,
  judging,
  type QueueFilter,
  scoresHref,
} from "../../lib/judging";
import { paths, staffOf } from "../../lib/nav";
import "./judging.css";

const fa = (n: number | string) => toPersianDigits(String(n));
const districts = Array.from({ length: 22 }, (_, i) => String(i + 1));

interface RoundView {
  id: string;
  titleFa: string;
  kind: string;
  canReturn: boolean;
}

export const workStateLabelsFa: Record<string, string> = {
  pending: "در انتظار",
  assigned: "در دست بررسی",
  reviewed: "بررسی‌شده",
  shortlisted: "فهرست کوتاه",
  rejected: "ردشده",
  selected: "برگزیدهٔ مرحله",
  returned: "برگشتی",
  forwarded: "ارسال‌شده به مرحلهٔ بعد",
};

export default function StaffJudging() {
  const params = useParams();
  const me = createAsync(() => getMe());
  const staff = () => staffOf(me());
  const isCentral = () => staff()?.roles.some((g) => g.role === "central_secretariat") ?? false;
  const ownDistrict = () => staff()?.roles.find((g) => g.role === "district_secretariat")?.scope;
  return (
    <Switch>
      <Match when={me() === null}>
        <Navigate href={`${paths.staffSignIn}?next=${encodeURIComponent(`/staff/judging/${params.pid}`)}`} />
      </Match>
      <Match when={me() && !isCentral() && !ownDistrict()}>
        <Page title="داوری">
          <p role="alert">این بخش برای دبیرخانه‌های مرکزی و مناطق است.</p>
        </Page>
      </Match>
      <Match when={isCentral() || ownDistrict()}>
        <Console pid={params.pid ?? ""} central={isCentral()} district={ownDistrict()} />
      </Match>
    </Switch>
  );
}

function Console(props: { pid: string; central: boolean; district: string | undefined }) {
  const programme = createAsync(() => getProgramme(props.pid));
  const [search] = useSearchParams();
  // Only the central secretariat reads a programme's configuration; a district secretariat
  // works its district's round (`?round=`, "district" by default).
  const rounds = (): RoundView[] => {
    const p = programme();
    if (p && "rounds" in p) return p.rounds;
    const id = typeof search.round === "string" ? search.round : "district";
    return p ? [{ id, titleFa: "ارزیابی منطقه", kind: "screening", canReturn: false }] : [];
  };
  const [roundId, setRoundId] = createSignal<string>();
  const round = () => rounds().find((r) => r.id === (roundId() ?? rounds()[0]?.id));
  const [message, setMessage] = createSignal<string>();
  const [error, setError] = createSignal<unknown>();
  const run = async (what: () => Promise<unknown>, done: string) => {
    setError(undefined);
    setMessage(undefined);
    try {
      await what();
      setMessage(done);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Page
      title={`داوری: ${programme()?.title ?? ""}`}
      wide
      lead={props.central ? <A href={paths.staffProgrammeEdit(props.pid)}>تنظیمات برنامه</A> : undefined}
    >
      <FormAlert error={error()} />
      <Status message={message()} />
      <Show when={rounds().length > 0}>
        <label class="judging-round">
          مرحله{" "}
          <select value={round()?.id} onChange={(e) => setRoundId(e.currentTarget.value)}>
            <For each={rounds()}>{(r) => <option value={r.id}>{r.titleFa}</option>}</For>
          </select>
        </label>
      </Show>
      <Show when={props.central && round()}>
        {(r) => (
          <section aria-labelledby="rounds-title">
            <h2 id="rounds-title">مرحله‌ها و دریافت آثار</h2>
            <div class="judging-actions">
              <button
                type="button"
                class="button"
                onClick={() => run(() => intake(props.pid), "آثار به مرحلهٔ اول رسیدند.")}
              >
                انتقال آثار به مرحلهٔ اول
              </button>
              <button
                type="button"
                class="button"
                onClick={() => run(() => judging.open(props.pid, r().id), "مرحله باز شد.")}
              >
                باز کردن مرحله
              </button>
              <button
                type="button"
                class="button"
                onClick={() => {
                  // The last round is settled once its winners are decided (the jury panel).
                  const last = rounds().at(-1)?.id === r().id;
                  return run(
                    async () => {
                      await judging.lock(props.pid, r().id);
                      if (!last) await settle(props.pid, r().id);
                    },
                    last ? "مرحله قفل شد." : "مرحله قفل شد؛ آثاری که راه نیافتند مشخص شدند.",
                  );
                }}
              >
                قفل کردن مرحله
              </button>
            </div>
          </section>
        )}
      </Show>
      <Show when={round()}>
        {(r) => (
          <Queue
            pid={props.pid}
            rid={r().id}
            canReturn={r().canReturn}
            scoring={r().kind === "scoring"}
            district={props.central ? undefined : props.district}
            run={run}
          />
        )}
      </Show>
      <Dashboard pid={props.pid} />
      <Show when={props.central && round()?.kind === "scoring" && round()}>
        {(r) => <Jury pid={props.pid} rid={r().id} run={run} />}
      </Show>
      <Show when={props.central}>
        <section aria-labelledby="export-title">
          <h2 id="export-title">خروجی</h2>
          <ul class="judging-exports">
            <li>
              فهرست آثار:{" "}
              <a href={exportHref(props.pid, "xlsx")} download="">
                اکسل (XLSX، با برگهٔ راهنمای ستون‌ها)
              </a>{" "}
              ·{" "}
              <a href={exportHref(props.pid, "csv")} download="">
                CSV
              </a>{" "}
              · <a href={dictionaryHref(props.pid)}>راهنمای ستون‌ها</a>
            </li>
            <For each={rounds().filter((r) => r.kind === "scoring")}>
              {(r) => (
                <li>
                  نمره‌های «{r.titleFa}»:{" "}
                  <a href={scoresHref(props.pid, r.id, "xlsx")} download="">
                    اکسل (XLSX)
                  </a>{" "}
                  ·{" "}
                  <a href={scoresHref(props.pid, r.id, "csv")} download="">
                    CSV
                  </a>
                </li>
              )}
            </For>
          </ul>
        </section>
      </Show>
    </Page>
  );
}

/** Marks the locked round's works that did not go on as not selected, page by page. */
async function settle(pid: string, rid: string) {
  let cursor: string | undefined;
  do cursor = (await judging.settle(pid, rid, cursor)).cursor ?? undefined;
  while (cursor);
}

async function intake(pid: string) {
  let cursor: string | undefined;
  do cursor = (await judging.start(pid, cursor)).cursor ?? undefined;
  while (cursor);
}

type Run = (what: () => Promise<unknown>, done: string) => Promise<void>;

function Queue(props: {
  pid: string;
  rid: string;
  canReturn: boolean;
  scoring: boolean;
  district: string | undefined;
  run: Run;
}) {
  const [district, setDistrict] = createSignal(props.district ?? "");
  const [status, setStatus] = createSignal("");
  const [cursors, setCursors] = createSignal<string[]>([]);
  const filter = (): QueueFilter & { key: string } => ({
    key: `${props.rid}|${district()}|${status()}|${cursors().at(-1) ?? ""}`,
    ...(district() ? { district: district() } : {}),
    ...(status() ? { status: status() } : {}),
    ...(cursors().length ? { cursor: cursors().at(-1) } : {}),
    limit: "25",
  });
  const [page, { refetch }] = createResource(filter, ({ key: _key, ...f }) =>
    getQueue(props.pid, props.rid, f),
  );
  const act = async (what: () => Promise<unknown>, done: string) => {
    await props.run(what, done);
    await refetch();
  };
  return (
    <section aria-labelledby="queue-title">
      <h2 id="queue-title">صف آثار</h2>
      <div class="judging-filters">
        <label>
          منطقه{" "}
          <select
            value={district()}
            disabled={props.district !== undefined}
            onChange={(e) => {
              setDistrict(e.currentTarget.value);
              setCursors([]);
            }}
          >
            <option value="">همهٔ مناطق</option>
            <For each={districts}>{(d) => <option value={d}>منطقهٔ {fa(d)}</option>}</For>
          </select>
        </label>
        <label>
          وضعیت{" "}
          <select
            value={status()}
            onChange={(e) => {
              setStatus(e.currentTarget.value);
              setCursors([]);
            }}
          >
            <option value="">همه</option>
            <For each={Object.entries(workStateLabelsFa)}>{([v, l]) => <option value={v}>{l}</option>}</For>
          </select>
        </label>
      </div>
      <div class="table-scroll">
        <table class="judging-queue">
          <caption>آثار این مرحله، صفحهٔ {fa(cursors().length + 1)}</caption>
          <thead>
            <tr>
              <th scope="col">اثر</th>
              <th scope="col">منطقه</th>
              <th scope="col">وضعیت</th>
              <th scope="col">آرا (بله/شاید/خیر)</th>
              <th scope="col">اقدام</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={page()?.items ?? []}
              fallback={
                <tr>
                  <td colSpan={5}>اثری در این صفحه نیست.</td>
                </tr>
              }
            >
              {(item) => {
                const w = { pid: props.pid, eid: item.entryId, rid: props.rid };
                const title = String(item.entry.values.title ?? item.entryId.slice(-6));
                const [reason, setReason] = createSignal("");
                return (
                  <tr>
                    <th scope="row">{title}</th>
                    <td>{fa(item.district)}</td>
                    <td>{workStateLabelsFa[item.state] ?? item.state}</td>
                    <td>
                      {fa(item.votes.yes)}/{fa(item.votes.maybe)}/{fa(item.votes.no)}
                    </td>
                    <td class="judging-row-actions">
                      <Show when={!props.scoring}>
                        <fieldset class="judging-group">
                          <legend class="visually-hidden">{`رأی به «${title}»`}</legend>
                          <button
                            type="button"
                            class="button button--quiet"
                            onClick={() => act(() => judging.vote(w, "yes"), "رأی «بله» ثبت شد.")}
                          >
                            بله
                          </button>
                          <button
                            type="button"
                            class="button button--quiet"
                            onClick={() => act(() => judging.vote(w, "maybe"), "رأی «شاید» ثبت شد.")}
                          >
                            شاید
                          </button>
                          <button
                            type="button"
                            class="button button--quiet"
                            onClick={() => act(() => judging.vote(w, "no"), "رأی «خیر» ثبت شد.")}
                          >
                            خیر
                          </button>
                        </fieldset>
                        <fieldset class="judging-group">
                          <legend class="visually-hidden">{`تصمیم دربارهٔ «${title}»`}</legend>
                          <button
                            type="button"
                            class="button"
                            onClick={() => act(() => judging.decide(w, "select"), `«${title}» برگزیده شد.`)}
                          >
                            انتخاب
                          </button>
                          <button
                            type="button"
                            class="button button--quiet"
                            onClick={() => act(() => judging.decide(w, "reject"), `«${title}» رد شد.`)}
                          >
                            رد
                          </button>
                          <button
                            type="button"
                            class="button"
                            onClick={() => act(() => judging.forward(w), `«${title}» به مرحلهٔ بعد رفت.`)}
                          >
                            ارسال به مرحلهٔ بعد
                          </button>
                        </fieldset>
                      </Show>
                      <Show when={props.canReturn}>
                        <form
                          class="judging-return"
                          onSubmit={(e) => {
                            e.preventDefault();
                            act(() => judging.sendBack(w, reason()), `«${title}» برگردانده شد.`);
                          }}
                        >
                          <label>
                            دلیل بازگرداندن «{title}»{" "}
                            <input value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
                          </label>
                          <button type="submit" class="button button--danger">
                            بازگرداندن
                          </button>
                        </form>
                      </Show>
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
      <nav class="judging-pager" aria-label="صفحه‌های صف">
        <button
          type="button"
          class="button button--quiet"
          disabled={cursors().length === 0}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          صفحهٔ قبل
        </button>
        <button
          type="button"
          class="button button--quiet"
          disabled={!page()?.cursor}
          onClick={() => {
            const next = page()?.cursor;
            if (next) setCursors((c) => [...c, next]);
          }}
        >
          صفحهٔ بعد
        </button>
      </nav>
    </section>
  );
}

function Dashboard(props: { pid: string }) {
  const progress = createAsync(() => getProgress(props.pid));
  const rows = () => progress()?.districts ?? [];
  const flagged = () => rows().filter((d) => d.flags.length > 0);
  const max = () => Math.max(1, ...rows().map((d) => d.received));
  return (
    <section aria-labelledby="dashboard-title">
      <h2 id="dashboard-title">پیشرفت مناطق</h2>
      <Show when={progress()?.dueAt}>
        {(due) => <p>مهلت مرحلهٔ اول: {formatJalali(due(), { style: "long" })}</p>}
      </Show>
      <Show
        when={flagged().length > 0}
        fallback={
          <Show when={rows().length > 0}>
            <p>کاستی‌ای دیده نمی‌شود.</p>
          </Show>
        }
      >
        <section class="judging-shortcomings" aria-labelledby="shortcomings-title">
          <h3 id="shortcomings-title">کاستی‌ها ({fa(flagged().length)} منطقه)</h3>
          <ul>
            <For each={flagged()}>
              {(d) => (
                <li>
                  <strong>منطقهٔ {fa(d.district)}:</strong> {d.flags.map((f) => f.messageFa).join(" ")}
                </li>
              )}
            </For>
          </ul>
        </section>
      </Show>
      <figure class="judging-chart">
        {/* The bars repeat the table below, which is what assistive technology reads. */}
        <div aria-hidden="true">
          <For each={rows()}>
            {(d) => (
              <div class="judging-bar" classList={{ "judging-bar--flagged": d.flags.length > 0 }}>
                <span class="judging-bar__label">
                  منطقهٔ {fa(d.district)}
                  {d.flags.length > 0 ? " ⚠" : ""}
                </span>
                <span class="judging-bar__track">
                  <span class="judging-bar__received" style={{ width: `${(d.received / max()) * 100}%` }} />
                  <span class="judging-bar__screened" style={{ width: `${(d.screened / max()) * 100}%` }} />
                  <span class="judging-bar__selected" style={{ width: `${(d.selected / max()) * 100}%` }} />
                </span>
              </div>
            )}
          </For>
        </div>
        <figcaption>
          دریافت‌شده، بررسی‌شده و برگزیده در هر منطقه؛ نشان ⚠ یعنی کاستی (جدول زیر همین داده‌هاست).
        </figcaption>
      </figure>
      <div class="table-scroll">
        <table>
          <caption>پیشرفت مرحلهٔ اول به تفکیک منطقه</caption>
          <thead>
            <tr>
              <th scope="col">منطقه</th>
              <th scope="col">دریافت‌شده</th>
              <th scope="col">بررسی‌شده</th>
              <th scope="col">برگزیده</th>
              <th scope="col">سهمیه</th>
              <th scope="col">دارای تأخیر</th>
              <th scope="col">کاستی</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={rows()}
              fallback={
                <tr>
                  <td colSpan={7}>هنوز اثری نرسیده است.</td>
                </tr>
              }
            >
              {(d) => (
                <tr classList={{ "judging-overdue": d.flags.length > 0 }}>
                  <th scope="row">{fa(d.district)}</th>
                  <td>{fa(d.received)}</td>
                  <td>{fa(d.screened)}</td>
                  <td>{fa(d.selected)}</td>
                  <td>{d.quota === undefined ? "—" : fa(d.quota)}</td>
                  <td>{fa(d.overdue)}</td>
                  <td>{d.flags.length > 0 ? d.flags.map((f) => f.messageFa).join(" ") : "—"}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Jury(props: { pid: string; rid: string; run: Run }) {
  const [juror, setJuror] = createSignal("");
  const [home, setHome] = createSignal("");
  const [ranking, setRanking] = createSignal<Awaited<ReturnType<typeof judging.ranking>>>();
  const [winners, setWinners] = createSignal<string[]>([]);
  return (
    <section aria-labelledby="jury-title">
      <h2 id="jury-title">هیئت داوران، رتبه‌بندی و برگزیدگان</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          props.run(
            () =>
              judging.assign(props.pid, props.rid, [
                { staffId: juror().trim(), ...(home() ? { district: home() as District } : {}) },
              ]),
            "آثار به داور سپرده شد.",
          );
        }}
      >
        <label>
          شناسهٔ داور <input value={juror()} onInput={(e) => setJuror(e.currentTarget.value)} dir="ltr" />
        </label>{" "}
        <label>
          منطقهٔ سکونت داور{" "}
          <select value={home()} onChange={(e) => setHome(e.currentTarget.value)}>
            <option value="">نامشخص</option>
            <For each={districts}>{(d) => <option value={d}>{fa(d)}</option>}</For>
          </select>
        </label>{" "}
        <button type="submit" class="button">
          سپردن آثار به داور
        </button>
      </form>
      <div class="judging-actions">
        <button
          type="button"
          class="button"
          onClick={() =>
            props.run(
              async () => setRanking(await judging.ranking(props.pid, props.rid)),
              "رتبه‌بندی آماده شد.",
            )
          }
        >
          رتبه‌بندی
        </button>
      </div>
      <Show when={ranking()}>
        {(r) => (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              props.run(async () => {
                await judging.winners(props.pid, props.rid, winners(), []);
                await settle(props.pid, props.rid);
              }, "برگزیدگان ثبت و قفل شد.");
            }}
          >
            <p>
              توافق داوران ({r().agreement.measure === "kendall_w" ? "W کندال" : "ICC"}):{" "}
              {fa(r().agreement.value?.toFixed(2) ?? "—")}
            </p>
            <For each={r().groups}>
              {(g) => (
                <table>
                  <caption>گروه {g.key || "همه"}</caption>
                  <thead>
                    <tr>
                      <th scope="col">رتبه</th>
                      <th scope="col">اثر</th>
                      <th scope="col">امتیاز</th>
                      <th scope="col">برگزیده</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={g.ranked}>
                      {(row) => (
                        <tr>
                          <td>{fa(row.rank)}</td>
                          <th scope="row" dir="ltr">
                            {row.entry.id}
                          </th>
                          <td>{fa(row.entry.score.toFixed(1))}</td>
                          <td>
                            <input
                              type="checkbox"
                              aria-label={`برگزیدن اثر ${row.entry.id}`}
                              checked={winners().includes(row.entry.id)}
                              onChange={(e) =>
                                setWinners((w) =>
                                  e.currentTarget.checked
                                    ? [...w, row.entry.id]
                                    : w.filter((x) => x !== row.entry.id),
                                )
                              }
                            />
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              )}
            </For>
            <button type="submit" class="button">
              ثبت برگزیدگان
            </button>
          </form>
        )}
      </Show>
      <div class="judging-actions">
        <button
          type="button"
          class="button"
          onClick={() => props.run(() => judging.publish(props.pid), "نتایج اعلام شد.")}
        >
          اعلام نتایج
        </button>
        <button
          type="button"
          class="button"
          onClick={() => props.run(() => certifyAll(props.pid), "گواهی‌ها صادر شد.")}
        >
          صدور گواهی‌ها
        </button>
        <a href={`/festival/${encodeURIComponent(props.pid)}/results`}>صفحهٔ عمومی نتایج</a>
      </div>
    </section>
  );
}

async function certifyAll(pid: string) {
  let cursor: string | undefined;
  do cursor = (await judging.certify(pid, cursor)).cursor ?? undefined;
  while (cursor);
}

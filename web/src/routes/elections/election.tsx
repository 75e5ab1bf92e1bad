import { formatJalali } from "@hamdel/core/fa";
import { A, createAsync, revalidate, useParams } from "@solidjs/router";
import { createSignal, onCleanup, Show, Suspense } from "solid-js";
import { Page } from "../../components/Page";
import { getElection, getTurnout, recordUrl } from "../../lib/elections";
import { faNumber, phaseOf, tehranTime } from "./format";
import { ComplaintsCount, electionPaths, PhaseBadge, TurnoutChart } from "./parts";

const REFRESH_MS = 30_000;

/** /elections/:id — the public page: schedule, links, and live turnout (counts only). */
export default function ElectionPage() {
  const params = useParams();
  const election = createAsync(() => getElection(params.id ?? ""));
  return (
    <Show when={election()} fallback={<p role="status">در حال بارگذاری…</p>}>
      {(e) => {
        const phase = () => phaseOf(e(), Date.now());
        return (
          <Page title={e().title} wide>
            <p>
              <PhaseBadge phase={phase()} />
            </p>
            <dl class="facts">
              <dt>دوره</dt>
              <dd>{faNumber(e().term)}</dd>
              <dt>کرسی‌ها در هر محله</dt>
              <dd>
                {faNumber(e().seats.mainSeats)} اصلی و {faNumber(e().seats.alternateSeats)} علی‌البدل؛ هر
                رأی‌دهنده تا {faNumber(e().seats.maxChoices)} نامزد
              </dd>
              <dt>ثبت‌نام نامزدها</dt>
              <dd>
                {tehranTime(e().registration.opensAt)} تا {tehranTime(e().registration.closesAt)}
              </dd>
              <dt>رأی‌گیری (وقت تهران)</dt>
              <dd>
                {tehranTime(e().voting.opensAt)} تا {tehranTime(e().voting.effectiveClosesAt)}
                <Show when={e().voting.extendedMinutes > 0}>
                  {" "}
                  (با {faNumber(e().voting.extendedMinutes)} دقیقه تمدید)
                </Show>
              </dd>
              <dt>مهلت شکایت</dt>
              <dd>
                {tehranTime(e().complaints.opensAt)} تا {tehranTime(e().complaints.closesAt)}
              </dd>
            </dl>
            <nav aria-label="بخش‌های این انتخابات">
              <ul class="actions" style={{ "list-style": "none", padding: 0 }}>
                <Show when={phase() === "voting"}>
                  <li>
                    <A class="button" href={electionPaths.vote(e().id)}>
                      رأی می‌دهم
                    </A>
                  </li>
                </Show>
                <Show when={phase() === "registration"}>
                  <li>
                    <A class="button" href={electionPaths.candidacy(e().id)}>
                      ثبت‌نام نامزدی
                    </A>
                  </li>
                </Show>
                <Show when={phase() === "registration" || phase() === "before_voting"}>
                  <li>
                    <A href={electionPaths.residence(e().id)}>
                      نامتان در فهرست رأی‌دهندگان نیست؟ اعلام سکونت و پیگیری آن
                    </A>
                  </li>
                </Show>
                <li>
                  <A href={electionPaths.board(e().id)}>تابلوی اعلانات (زنجیرهٔ کدهای پیگیری)</A>
                </li>
                <Show when={e().status !== "scheduled"}>
                  <li>
                    <A href={electionPaths.results(e().id)}>نتایج</A>
                  </li>
                  <li>
                    <a href={recordUrl(e().id)} download="">
                      دریافت پروندهٔ کامل انتخابات (JSON)
                    </a>
                  </li>
                </Show>
              </ul>
            </nav>
            <Show when={e().status !== "scheduled"}>
              <ComplaintsCount electionId={e().id} />
            </Show>
            <Turnout id={e().id} />
          </Page>
        );
      }}
    </Show>
  );
}

function Turnout(props: { id: string }) {
  const rows = createAsync(() => getTurnout(props.id));
  const [checkedAt, setCheckedAt] = createSignal(new Date());
  const timer = setInterval(async () => {
    await revalidate(getTurnout.keyFor(props.id));
    setCheckedAt(new Date());
  }, REFRESH_MS);
  onCleanup(() => clearInterval(timer));
  const total = () =>
    (rows() ?? []).reduce((a, r) => ({ e: a.e + r.eligible, b: a.b + r.ballots }), { e: 0, b: 0 });
  return (
    <section aria-labelledby="turnout-heading">
      <h2 id="turnout-heading">مشارکت در هر محله</h2>
      <p class="hint">
        فقط شمار رأی‌ها؛ هر ۳۰ ثانیه به‌روز می‌شود. آخرین به‌روزرسانی:{" "}
        {formatJalali(checkedAt(), { style: "long", time: true })}
      </p>
      <Suspense fallback={<p role="status">در حال بارگذاری مشارکت…</p>}>
        <p>
          در مجموع {faNumber(total().b)} رأی از {faNumber(total().e)} واجد شرایط.
        </p>
        <TurnoutChart rows={rows() ?? []} labelledBy="turnout-heading" />
      </Suspense>
    </section>
  );
}

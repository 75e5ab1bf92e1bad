/**
 * Pieces the election pages share: names, badges, the turnout chart, the ballot, the receipt,
 * the complaint counts and the file field of the candidacy and residence forms.
 */
import { findNeighbourhood } from "@hamdel/core/geo";
import { A, createAsync } from "@solidjs/router";
import { createMemo, createSignal, For, type JSX, Show } from "solid-js";
import { Status } from "../../components/FormAlert";
import { getComplaintCounts, type Receipt } from "../../lib/elections";
import { barWidth, choiceCount, faNumber, faPercent, groupTracker, type Phase, phaseLabels } from "./format";
import "./elections.css";

/** "تجریش (منطقه ۱)"; an unknown id shows as itself. */
export function neighbourhoodName(id: string): string {
  const n = findNeighbourhood(id);
  return n ? `${n.name} (منطقهٔ ${faNumber(Number(n.district))})` : id;
}

export const electionPaths = {
  list: "/elections",
  election: (id: string) => `/elections/${encodeURIComponent(id)}`,
  vote: (id: string) => `/elections/${encodeURIComponent(id)}/vote`,
  board: (id: string) => `/elections/${encodeURIComponent(id)}/board`,
  results: (id: string) => `/elections/${encodeURIComponent(id)}/results`,
  candidacy: (id: string) => `/elections/${encodeURIComponent(id)}/candidacy`,
  residence: (id: string) => `/elections/${encodeURIComponent(id)}/residence`,
  staff: "/staff/elections",
  staffElection: (id: string) => `/staff/elections/${encodeURIComponent(id)}`,
  kiosk: (id: string) => `/kiosk/elections/${encodeURIComponent(id)}`,
} as const;

export function PhaseBadge(props: { phase: Phase }) {
  return (
    <span
      class="badge"
      classList={{
        "badge--final": props.phase === "final",
        "badge--warn": props.phase === "preliminary" || props.phase === "voting",
      }}
    >
      {phaseLabels[props.phase]}
    </span>
  );
}

export interface TurnoutRow {
  neighbourhoodId: string;
  eligible: number;
  ballots: number;
}

/**
 * Turnout per neighbourhood: a bar chart for the eye and, as its accessible equivalent, a data
 * table with the same numbers (eligible, ballots, share) and their totals. The bars are hidden
 * from assistive technology, which reads the table; sighted users can open the table too.
 */
export function TurnoutChart(props: { rows: readonly TurnoutRow[]; labelledBy: string }) {
  const total = () =>
    props.rows.reduce((a, r) => ({ eligible: a.eligible + r.eligible, ballots: a.ballots + r.ballots }), {
      eligible: 0,
      ballots: 0,
    });
  return (
    <>
      <ul class="turnout" aria-hidden="true">
        <For each={props.rows}>
          {(row) => (
            <li class="turnout__row">
              <div class="turnout__label">
                <span class="turnout__name">{neighbourhoodName(row.neighbourhoodId)}</span>
                <span>
                  {faNumber(row.ballots)} رأی از {faNumber(row.eligible)} واجد شرایط (
                  {faPercent(row.ballots, row.eligible)})
                </span>
              </div>
              <div class="turnout__track">
                <div
                  class="turnout__bar"
                  style={{ "inline-size": `${barWidth(row.ballots, row.eligible)}%` }}
                />
              </div>
            </li>
          )}
        </For>
      </ul>
      <details class="turnout-table">
        <summary>جدول مشارکت (همین شمارها)</summary>
        <div class="table-scroll">
          <table aria-describedby={props.labelledBy}>
            <caption>مشارکت هر محله</caption>
            <thead>
              <tr>
                <th scope="col">محله</th>
                <th scope="col">واجدان شرایط</th>
                <th scope="col">رأی‌ها</th>
                <th scope="col">مشارکت</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.rows}>
                {(row) => (
                  <tr>
                    <th scope="row">{neighbourhoodName(row.neighbourhoodId)}</th>
                    <td>{faNumber(row.eligible)}</td>
                    <td>{faNumber(row.ballots)}</td>
                    <td>{faPercent(row.ballots, row.eligible)}</td>
                  </tr>
                )}
              </For>
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">همه</th>
                <td>{faNumber(total().eligible)}</td>
                <td>{faNumber(total().ballots)}</td>
                <td>{faPercent(total().ballots, total().eligible)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </details>
    </>
  );
}

export interface BallotCandidate {
  id: string;
  name: string;
  statement: string;
}

/**
 * The ballot: candidates in the published order as checkboxes. Once `max` are chosen the rest are
 * disabled, and the live count tells (politely) how many are chosen.
 */
export function BallotChoices(props: {
  candidates: readonly BallotCandidate[];
  max: number;
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
  legend: string;
}) {
  const full = () => props.chosen.length >= props.max;
  const toggle = (id: string, on: boolean) =>
    props.onChange(on ? [...props.chosen, id] : props.chosen.filter((c) => c !== id));
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      <p class="hint" id="ballot-rule">
        حداکثر {faNumber(props.max)} نامزد را می‌توانید انتخاب کنید. ترتیب فهرست با قرعه‌ای از بذر منتشرشده
        تعیین شده است.
      </p>
      <ol class="ballot">
        <For each={props.candidates}>
          {(c, i) => {
            const checked = () => props.chosen.includes(c.id);
            const id = `choice-${c.id}`;
            return (
              <li>
                <label class="ballot__choice" for={id}>
                  <input
                    type="checkbox"
                    id={id}
                    value={c.id}
                    checked={checked()}
                    disabled={!checked() && full()}
                    aria-describedby="ballot-rule"
                    onChange={(e) => toggle(c.id, e.currentTarget.checked)}
                  />
                  <span>
                    <span class="ballot__number">{faNumber(i() + 1)}. </span>
                    <span class="ballot__name">{c.name}</span>
                    <Show when={c.statement}>
                      <span class="ballot__statement" style={{ display: "block" }}>
                        {c.statement}
                      </span>
                    </Show>
                  </span>
                </label>
              </li>
            );
          }}
        </For>
      </ol>
      <p class="ballot-count" aria-live="polite">
        {choiceCount(props.chosen.length, props.max)}
        <Show when={full()}> — به حداکثر رسیده‌اید.</Show>
      </p>
    </fieldset>
  );
}

/** The choices in ballot order, for the review step. */
export function ReviewList(props: { candidates: readonly BallotCandidate[]; chosen: readonly string[] }) {
  const picked = createMemo(() => props.candidates.filter((c) => props.chosen.includes(c.id)));
  return (
    <ol class="fa-list">
      <For each={picked()}>{(c) => <li>{c.name}</li>}</For>
    </ol>
  );
}

/** The receipt: the tracker grouped for reading, a copy button and what the tracker proves. */
export function ReceiptView(props: { receipt: Receipt; footer?: JSX.Element }) {
  const [copied, setCopied] = createSignal<string>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.receipt.tracker);
      setCopied("کد پیگیری رونوشت شد.");
    } catch {
      setCopied("رونوشت خودکار ممکن نشد؛ کد را دستی یادداشت کنید.");
    }
  };
  return (
    <section aria-labelledby="receipt-heading" class="receipt">
      <h2 id="receipt-heading">رسید رأی شما</h2>
      <p>
        رأی شما در محلهٔ <strong>{neighbourhoodName(props.receipt.neighbourhoodId)}</strong> ثبت شد. این کد
        پیگیری را نگه دارید:
      </p>
      <p class="tracker" dir="ltr" lang="en" data-testid="tracker">
        {groupTracker(props.receipt.tracker)}
      </p>
      <div class="actions">
        <button type="button" class="button button--quiet" onClick={copy}>
          رونوشت کد پیگیری
        </button>
        <A href={`${electionPaths.board(props.receipt.electionId)}?tracker=${props.receipt.tracker}`}>
          جست‌وجوی این کد در تابلوی اعلانات
        </A>
      </div>
      <Status message={copied()} />
      <h3>این کد چه می‌گوید؟</h3>
      <ul>
        <li>
          کد پیگیری چکیده‌ای از محتوای برگهٔ رأی شما و یک عدد تصادفی است. از روی آن نمی‌توان فهمید به چه کسی رأی
          داده‌اید، و در سامانه هیچ پیوندی میان این رأی و شما نگه داشته نمی‌شود.
        </li>
        <li>
          چند دقیقه پس از رأی‌دادن، این کد در زنجیرهٔ عمومی محلهٔ شما در تابلوی اعلانات می‌آید. اگر آن را پیدا
          نکردید، شکایت کنید.
        </li>
        <li>
          این کد را به کسی نشان ندهید که از شما بخواهد ثابت کنید به چه کسی رأی داده‌اید؛ کد چنین چیزی را ثابت
          نمی‌کند.
        </li>
      </ul>
      {props.footer}
    </section>
  );
}

/** The page-level "not found / not allowed" note used when an election page cannot be shown. */
export function Notice(props: { children: JSX.Element }) {
  return (
    <p class="notice" role="status">
      {props.children}
    </p>
  );
}

/** How many complaints were filed and how they were ruled: public, like the results they contest. */
export function ComplaintsCount(props: { electionId: string }) {
  const counts = createAsync(() => getComplaintCounts(props.electionId));
  return (
    <Show when={counts()}>
      {(c) => (
        <p data-testid="complaint-counts">
          <Show when={c().filed} fallback="شکایتی ثبت نشده است.">
            شکایت‌ها: {faNumber(c().filed)} ثبت شده؛ {faNumber(c().open)} در حال رسیدگی، {faNumber(c().upheld)}{" "}
            پذیرفته و {faNumber(c().dismissed)} رد شده.
          </Show>
        </p>
      )}
    </Show>
  );
}

/**
 * A labelled file input with its hint, upload progress and error (the forms upload the file
 * themselves, then send its upload id).
 */
export function FileField(props: {
  id: string;
  label: string;
  hint: string;
  accept: string;
  progress: number | undefined;
  error?: string;
}) {
  return (
    <div class="field" classList={{ "field--invalid": !!props.error }}>
      <label for={props.id}>{props.label}</label>
      <p class="hint" id={`${props.id}-hint`}>
        {props.hint}
      </p>
      <input
        type="file"
        id={props.id}
        name={props.id}
        accept={props.accept}
        aria-describedby={`${props.id}-hint${props.error ? ` ${props.id}-error` : ""}`}
        aria-invalid={props.error ? "true" : undefined}
      />
      <Show when={props.progress !== undefined}>
        <progress max="1" value={props.progress} aria-label={`پیشرفت ارسال ${props.label}`} />
      </Show>
      <Show when={props.error}>
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      </Show>
    </div>
  );
}

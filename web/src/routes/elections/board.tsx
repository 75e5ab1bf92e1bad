import { toAsciiDigits } from "@hamdel/core/fa";
import { A, createAsync, useParams, useSearchParams } from "@solidjs/router";
import { createEffect, createSignal, For, Match, on, Show, Suspense, Switch } from "solid-js";
import { Field, SelectField } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import { BOARD_PAGE, elections, getBoard, getElection } from "../../lib/elections";
import { faNumber, groupTracker, headCovering, pageStart, tehranTime } from "./format";
import { electionPaths, neighbourhoodName } from "./parts";

interface Lookup {
  tracker: string;
  found: boolean;
  neighbourhoodId?: string;
  position?: number;
}

/** /elections/:id/board — look a tracker up; read a neighbourhood's chain and its signed heads. */
export default function Board() {
  const params = useParams();
  const [search] = useSearchParams();
  const id = () => params.id ?? "";
  const election = createAsync(() => getElection(id()));
  const [tracker, setTracker] = createSignal(typeof search.tracker === "string" ? search.tracker : "");
  const [lookup, setLookup] = createSignal<Lookup>();
  const [error, setError] = createSignal<unknown>();
  const [pending, setPending] = createSignal(false);
  const [neighbourhood, setNeighbourhood] = createSignal("");

  const find = async (ev: SubmitEvent) => {
    ev.preventDefault();
    setPending(true);
    setError(undefined);
    setLookup(undefined);
    try {
      const typed = tracker();
      const answer = await elections.lookupTracker(id(), typed.replace(/[\s-]/g, "").toLowerCase());
      setLookup({ tracker: typed, ...answer });
      if (answer.neighbourhoodId) setNeighbourhood(answer.neighbourhoodId);
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  };

  return (
    <Page title="تابلوی اعلانات" lead="زنجیرهٔ عمومی کدهای پیگیری هر محله و سرِ امضاشدهٔ آن." wide>
      <Show when={election()}>
        {(e) => (
          <p>
            <A href={electionPaths.election(e().id)}>{e().title}</A>
          </p>
        )}
      </Show>
      <section aria-labelledby="lookup-heading">
        <h2 id="lookup-heading">جست‌وجوی کد پیگیری</h2>
        <form class="form" onSubmit={find} aria-labelledby="lookup-heading" novalidate>
          <Field
            label="کد پیگیری رأی"
            name="tracker"
            dir="ltr"
            autocomplete="off"
            autocapitalize="none"
            spellcheck={false}
            required
            value={tracker()}
            onInput={(ev) => setTracker(ev.currentTarget.value)}
            hint="کد ۵۲ نویسه‌ای رسید رأی؛ فاصله و خط تیره اشکالی ندارد."
          />
          <FormAlert error={error()} />
          <button type="submit" class="button" disabled={pending()}>
            {pending() ? "در حال جست‌وجو…" : "جست‌وجو"}
          </button>
        </form>
        <div role="status">
          <Show when={lookup()}>{(l) => <LookupAnswer electionId={id()} lookup={l()} />}</Show>
        </div>
      </section>
      <section aria-labelledby="chain-heading">
        <h2 id="chain-heading">زنجیرهٔ محله‌ها</h2>
        <Show when={election()}>
          {(e) => (
            <SelectField
              label="محله"
              name="neighbourhood"
              onChange={(ev) => setNeighbourhood(ev.currentTarget.value)}
            >
              <option value="">محله را انتخاب کنید</option>
              <For each={e().neighbourhoods}>
                {(n) => (
                  <option value={n} selected={n === neighbourhood()}>
                    {neighbourhoodName(n)}
                  </option>
                )}
              </For>
            </SelectField>
          )}
        </Show>
        <Show when={neighbourhood()} keyed>
          {(n) => (
            <Chain
              electionId={id()}
              neighbourhood={n}
              found={lookup()?.neighbourhoodId === n ? lookup()?.position : undefined}
            />
          )}
        </Show>
      </section>
    </Page>
  );
}

function LookupAnswer(props: { electionId: string; lookup: Lookup }) {
  // The entry itself (a page of one) brings the signed heads to find the one that vouches for it.
  const board = createAsync(async () =>
    props.lookup.neighbourhoodId && props.lookup.position
      ? getBoard(props.electionId, props.lookup.neighbourhoodId, props.lookup.position - 1, 1)
      : undefined,
  );
  const head = () =>
    props.lookup.position ? headCovering(board()?.heads ?? [], props.lookup.position) : undefined;
  return (
    <Switch>
      <Match when={!props.lookup.found}>
        <div class="form-alert">
          <p>این کد پیگیری در این انتخابات پیدا نشد. کد را با رسید خود مقایسه کنید.</p>
        </div>
      </Match>
      <Match when={props.lookup.position === undefined}>
        <p class="notice">
          رأی با این کد ثبت شده است و در محلهٔ {neighbourhoodName(props.lookup.neighbourhoodId ?? "")} چند
          دقیقهٔ دیگر به زنجیره افزوده می‌شود.
        </p>
      </Match>
      <Match when={true}>
        <div class="notice" data-testid="lookup-found">
          <p>
            پیدا شد: جایگاه <strong>{faNumber(props.lookup.position ?? 0)}</strong> در زنجیرهٔ محلهٔ{" "}
            <strong>{neighbourhoodName(props.lookup.neighbourhoodId ?? "")}</strong>.
          </p>
          <Suspense>
            <Show
              when={head()}
              fallback={<p>سرِ امضاشده‌ای که این جایگاه را در بر بگیرد هنوز منتشر نشده است.</p>}
            >
              {(h) => (
                <p>
                  زیر سرِ امضاشدهٔ زنجیره با طول {faNumber(h().length)} (مهر {tehranTime(h().sealedAt)}):{" "}
                  <code class="hash" dir="ltr">
                    {h().head}
                  </code>
                </p>
              )}
            </Show>
          </Suspense>
        </div>
      </Match>
    </Switch>
  );
}

/**
 * A neighbourhood's chain, a page at a time (a busy neighbourhood holds ~100,000 trackers): the
 * signed heads, then the entries of the page with previous/next and a jump to a position. A tracker
 * found by the lookup opens on its page, marked.
 */
function Chain(props: { electionId: string; neighbourhood: string; found?: number | undefined }) {
  const [after, setAfter] = createSignal(props.found ? pageStart(props.found, BOARD_PAGE) : 0);
  createEffect(
    on(
      () => props.found,
      (found) => found && setAfter(pageStart(found, BOARD_PAGE)),
      { defer: true },
    ),
  );
  const [jump, setJump] = createSignal("");
  const [jumpError, setJumpError] = createSignal<string>();
  const board = createAsync(() => getBoard(props.electionId, props.neighbourhood, after()));
  const length = () => board()?.head?.length ?? 0;
  const goTo = (ev: SubmitEvent) => {
    ev.preventDefault();
    const position = Number.parseInt(toAsciiDigits(jump()).trim(), 10);
    if (!Number.isInteger(position) || position < 1 || position > Math.max(length(), 1)) {
      setJumpError(`جایگاهی از ۱ تا ${faNumber(Math.max(length(), 1))} وارد کنید.`);
      return;
    }
    setJumpError(undefined);
    setAfter(pageStart(position, BOARD_PAGE));
  };
  return (
    <Suspense fallback={<p role="status">در حال بارگذاری زنجیره…</p>}>
      <Show when={board()}>
        {(b) => (
          <>
            <h3>سرهای امضاشدهٔ {neighbourhoodName(props.neighbourhood)}</h3>
            <Show when={b().heads.length} fallback={<p>هنوز سری امضا نشده است.</p>}>
              <div class="table-scroll">
                <table>
                  <caption class="visually-hidden">سرهای امضاشدهٔ زنجیره</caption>
                  <thead>
                    <tr>
                      <th scope="col">طول زنجیره</th>
                      <th scope="col">زمان مهر (تهران)</th>
                      <th scope="col">سرِ زنجیره</th>
                      <th scope="col">امضا</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={b().heads}>
                      {(h) => (
                        <tr>
                          <td>{faNumber(h.length)}</td>
                          <td>{tehranTime(h.sealedAt)}</td>
                          <td>
                            <code class="hash" dir="ltr">
                              {h.head}
                            </code>
                          </td>
                          <td>
                            <code class="hash" dir="ltr">
                              {h.signature}
                            </code>
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>
            <h3 id="entries-heading">کدهای پیگیری زنجیره</h3>
            <Show
              when={b().entries.length}
              fallback={
                <p>{after() === 0 ? "هنوز کدی در این زنجیره نیست." : "در این بخش زنجیره کدی نیست."}</p>
              }
            >
              <p data-testid="board-range">
                جایگاه‌های {faNumber(after() + 1)} تا {faNumber(after() + b().entries.length)}
                <Show when={length()}> از {faNumber(length())}</Show>
              </p>
              <ol class="hash fa-list" dir="ltr" aria-labelledby="entries-heading">
                <For each={b().entries}>
                  {(entry) => (
                    <li
                      value={entry.position}
                      classList={{ "board-found": entry.position === props.found }}
                      aria-current={entry.position === props.found ? "true" : undefined}
                    >
                      {groupTracker(entry.tracker)}
                    </li>
                  )}
                </For>
              </ol>
            </Show>
            <nav class="actions" aria-label="صفحه‌های زنجیره">
              <button
                type="button"
                class="button button--quiet"
                disabled={after() === 0}
                onClick={() => setAfter(Math.max(0, after() - BOARD_PAGE))}
              >
                {`${faNumber(BOARD_PAGE)} کد پیشین`}
              </button>
              <button
                type="button"
                class="button button--quiet"
                disabled={b().next === undefined}
                onClick={() => setAfter(b().next ?? after())}
              >
                {`${faNumber(BOARD_PAGE)} کد پسین`}
              </button>
            </nav>
            <Show when={length() > BOARD_PAGE}>
              <form class="form" onSubmit={goTo} novalidate aria-label="رفتن به یک جایگاه">
                <Field
                  label="رفتن به جایگاه"
                  name="position"
                  inputmode="numeric"
                  autocomplete="off"
                  value={jump()}
                  onInput={(ev) => setJump(ev.currentTarget.value)}
                  error={jumpError()}
                />
                <button type="submit" class="button button--quiet">
                  برو
                </button>
              </form>
            </Show>
          </>
        )}
      </Show>
    </Suspense>
  );
}

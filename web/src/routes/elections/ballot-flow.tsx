/**
 * The steps of casting a ballot, shared by the online voter and the kiosk: identify (the caller's
 * form) → choose (the neighbourhood's ballot) → review → cast → receipt. Only the first step and
 * the cast differ: a national id for the signed-in citizen, a one-time code at the kiosk.
 */
import { createAsync } from "@solidjs/router";
import { createEffect, createSignal, For, type JSX, Match, on, Show, Suspense, Switch } from "solid-js";
import { FormAlert } from "../../components/FormAlert";
import { type ElectionView, getBallot, type Receipt } from "../../lib/elections";
import { type Phase, tehranTime } from "./format";
import { BallotChoices, neighbourhoodName, ReceiptView, ReviewList } from "./parts";

type Step = "identify" | "choose" | "review" | "done";
const stepLabels: Record<Step, string> = {
  identify: "۱. احراز هویت",
  choose: "۲. انتخاب نامزدها",
  review: "۳. بازبینی",
  done: "۴. رسید",
};

export function BallotFlow(props: {
  election: ElectionView;
  /** The neighbourhood whose ballot is shown: the roll's, learnt in the identify step. */
  neighbourhood: () => string;
  /** The first step's form; it calls `next` once what it asks for is valid. */
  identify: (next: () => void) => JSX.Element;
  cast: (choices: string[]) => Promise<Receipt>;
  /** Shown under the receipt (the kiosk's "next voter"). */
  afterReceipt?: (reset: () => void) => JSX.Element;
}) {
  const [step, setStep] = createSignal<Step>("identify");
  const [chosen, setChosen] = createSignal<string[]>([]);
  const [choiceError, setChoiceError] = createSignal<string>();
  const [pending, setPending] = createSignal(false);
  const [castError, setCastError] = createSignal<unknown>();
  const [receipt, setReceipt] = createSignal<Receipt>();
  const ballot = createAsync(async () =>
    step() !== "identify" && props.neighbourhood()
      ? getBallot(props.election.id, props.neighbourhood())
      : undefined,
  );

  // Each step starts at its heading, so keyboard and screen reader users land on the new content.
  createEffect(
    on(step, () => queueMicrotask(() => document.getElementById("step-heading")?.focus()), { defer: true }),
  );

  const toReview = (ev: SubmitEvent) => {
    ev.preventDefault();
    if (chosen().length === 0) {
      setChoiceError("دست‌کم یک نامزد را انتخاب کنید.");
      return;
    }
    setChoiceError(undefined);
    setCastError(undefined);
    setStep("review");
  };
  const submit = async (ev: SubmitEvent) => {
    ev.preventDefault();
    if (pending()) return;
    setPending(true);
    setCastError(undefined);
    try {
      setReceipt(await props.cast(chosen()));
      setStep("done");
    } catch (error) {
      setCastError(error);
    } finally {
      setPending(false);
    }
  };
  const reset = () => {
    setChosen([]);
    setReceipt(undefined);
    setCastError(undefined);
    setStep("identify");
  };

  return (
    <>
      <ol class="steps" aria-label="گام‌های رأی‌دادن">
        <For each={["identify", "choose", "review", "done"] as const}>
          {(s) => <li aria-current={step() === s ? "step" : undefined}>{stepLabels[s]}</li>}
        </For>
      </ol>
      <Switch>
        <Match when={step() === "identify"}>
          <h2 id="step-heading" tabindex="-1">
            احراز هویت
          </h2>
          {props.identify(() => setStep("choose"))}
        </Match>
        <Match when={step() === "choose"}>
          <h2 id="step-heading" tabindex="-1">
            برگهٔ رأی محلهٔ {neighbourhoodName(props.neighbourhood())}
          </h2>
          <Suspense fallback={<p role="status">در حال بارگذاری نامزدها…</p>}>
            <Show when={ballot()?.length} fallback={<p>برای این محله نامزد تأییدشده‌ای نیست.</p>}>
              <form class="form" onSubmit={toReview} aria-labelledby="step-heading" novalidate>
                <BallotChoices
                  legend="نامزدهای مورد نظر را انتخاب کنید"
                  candidates={ballot() ?? []}
                  max={props.election.seats.maxChoices}
                  chosen={chosen()}
                  onChange={(c) => {
                    setChosen(c);
                    if (c.length) setChoiceError(undefined);
                  }}
                />
                <div class="form-alert" role="alert">
                  <Show when={choiceError()}>
                    <p>{choiceError()}</p>
                  </Show>
                </div>
                <div class="actions">
                  <button type="submit" class="button">
                    ادامه: بازبینی
                  </button>
                  <button type="button" class="button button--quiet" onClick={() => setStep("identify")}>
                    بازگشت
                  </button>
                </div>
              </form>
            </Show>
          </Suspense>
        </Match>
        <Match when={step() === "review"}>
          <h2 id="step-heading" tabindex="-1">
            بازبینی رأی
          </h2>
          <p>
            در محلهٔ {neighbourhoodName(props.neighbourhood())} به این نامزدها رأی می‌دهید. پس از ثبت، رأی
            تغییرپذیر نیست.
          </p>
          <ReviewList candidates={ballot() ?? []} chosen={chosen()} />
          <form class="form" onSubmit={submit} aria-labelledby="step-heading">
            <FormAlert error={castError()} />
            <div class="actions">
              <button type="submit" class="button" disabled={pending()}>
                {pending() ? "در حال ثبت رأی…" : "ثبت نهایی رأی"}
              </button>
              <button type="button" class="button button--quiet" onClick={() => setStep("choose")}>
                ویرایش انتخاب‌ها
              </button>
            </div>
          </form>
        </Match>
        <Match when={step() === "done" && receipt()}>
          {(r) => (
            <>
              <h2 id="step-heading" tabindex="-1">
                رأی شما ثبت شد
              </h2>
              <ReceiptView receipt={r()} />
              {props.afterReceipt?.(reset)}
            </>
          )}
        </Match>
      </Switch>
    </>
  );
}

/** Why no ballot can be cast now, with the window in Tehran time. */
export function WindowNotice(props: { election: ElectionView; phase: Phase }) {
  return (
    <p role="alert">
      {props.phase === "registration" || props.phase === "before_voting"
        ? "رأی‌گیری هنوز آغاز نشده است."
        : "زمان رأی‌گیری به پایان رسیده است."}{" "}
      زمان رأی‌گیری: {tehranTime(props.election.voting.opensAt)} تا{" "}
      {tehranTime(props.election.voting.effectiveClosesAt)} (وقت تهران).
    </p>
  );
}

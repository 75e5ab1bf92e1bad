import { isValidNationalId } from "@hamdel/core/fa";
import { A, createAsync, Navigate, useParams } from "@solidjs/router";
import { createSignal, Match, Switch } from "solid-js";
import { Field } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import { type ElectionView, elections, getElection } from "../../lib/elections";
import { getMe } from "../../lib/identity";
import { citizenOf, paths } from "../../lib/nav";
import { BallotFlow, WindowNotice } from "./ballot-flow";
import { nationalIdDigits, phaseOf } from "./format";
import { electionPaths } from "./parts";

/** /elections/:id/vote — the online voter flow for a signed-in citizen. */
export default function Vote() {
  const params = useParams();
  const me = createAsync(() => getMe());
  const election = createAsync(() => getElection(params.id ?? ""));
  const here = () => electionPaths.vote(params.id ?? "");
  // Outside the window nobody needs to sign in to learn that voting is not open.
  const closed = () => {
    const e = election();
    return e && phaseOf(e, Date.now()) !== "voting" ? e : undefined;
  };
  return (
    <Switch fallback={<p role="status">در حال بارگذاری…</p>}>
      <Match when={closed()}>
        {(e) => (
          <Page title={`رأی‌دادن: ${e().title}`}>
            <WindowNotice election={e()} phase={phaseOf(e(), Date.now())} />
            <p>
              <A href={electionPaths.election(e().id)}>بازگشت به صفحهٔ انتخابات</A>
            </p>
          </Page>
        )}
      </Match>
      <Match when={election() && me() === null}>
        <Navigate href={`${paths.signIn}?next=${encodeURIComponent(here())}`} />
      </Match>
      <Match when={me() && !citizenOf(me())}>
        <Page title="رأی‌دادن">
          <p role="alert">رأی‌دادن برخط فقط با حساب شهروندی ممکن است.</p>
        </Page>
      </Match>
      <Match when={citizenOf(me()) && election()}>{(e) => <OnlineVote election={e()} />}</Match>
    </Switch>
  );
}

/**
 * The identify step asks the API which ballot is the voter's (their roll entry's neighbourhood,
 * checked as the cast checks it), so the voter never picks a neighbourhood and never fills in a
 * ballot that would be refused.
 */
function OnlineVote(props: { election: ElectionView }) {
  const e = () => props.election;
  const [nationalId, setNationalId] = createSignal("");
  const [idError, setIdError] = createSignal<string>();
  const [neighbourhood, setNeighbourhood] = createSignal("");
  const [checking, setChecking] = createSignal(false);
  const [checkError, setCheckError] = createSignal<unknown>();

  const identify = (next: () => void) => (
    <form
      class="form"
      aria-labelledby="step-heading"
      novalidate
      onSubmit={async (ev) => {
        ev.preventDefault();
        const digits = nationalIdDigits(nationalId());
        const idOk = isValidNationalId(digits);
        setIdError(idOk ? undefined : "کد ملی ۱۰ رقمی را درست وارد کنید (رقم‌های فارسی یا انگلیسی).");
        setCheckError(undefined);
        if (!idOk) {
          document.getElementById("vote-national-id")?.focus();
          return;
        }
        setChecking(true);
        try {
          setNeighbourhood((await elections.myBallot(e().id, digits)).neighbourhoodId);
          next();
        } catch (error) {
          setCheckError(error);
        } finally {
          setChecking(false);
        }
      }}
    >
      <Field
        id="vote-national-id"
        label="کد ملی"
        name="nationalId"
        inputmode="numeric"
        autocomplete="off"
        dir="ltr"
        required
        value={nationalId()}
        onInput={(ev) => setNationalId(ev.currentTarget.value)}
        hint="کد ملی باید در فهرست رأی‌دهندگان باشد و به شمارهٔ موبایلی که با آن وارد شده‌اید تعلق داشته باشد. برگهٔ رأی محلهٔ شما در فهرست نشان داده می‌شود."
        error={idError()}
      />
      <FormAlert error={checkError()} />
      <button type="submit" class="button" disabled={checking()}>
        {checking() ? "در حال بررسی…" : "ادامه: دیدن برگهٔ رأی"}
      </button>
    </form>
  );

  return (
    <Page title={`رأی‌دادن: ${e().title}`}>
      <BallotFlow
        election={e()}
        neighbourhood={neighbourhood}
        identify={identify}
        cast={(choices) => elections.castOnline(e().id, nationalIdDigits(nationalId()), choices)}
      />
    </Page>
  );
}

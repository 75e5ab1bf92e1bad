import { isValidNationalId } from "@hamdel/core/fa";
import { A, createAsync, Navigate, useParams } from "@solidjs/router";
import { createSignal, For, Match, Switch } from "solid-js";
import { Field, SelectField } from "../../components/Field";
import { Page } from "../../components/Page";
import { type ElectionView, elections, getElection } from "../../lib/elections";
import { getMe } from "../../lib/identity";
import { citizenOf, paths } from "../../lib/nav";
import { BallotFlow, WindowNotice } from "./ballot-flow";
import { nationalIdDigits, phaseOf } from "./format";
import { electionPaths, neighbourhoodName } from "./parts";

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
      <Match when={citizenOf(me()) && election()}>
        {(e) => <OnlineVote election={e()} profileNeighbourhood={citizenOf(me())?.profile?.neighbourhood} />}
      </Match>
    </Switch>
  );
}

function OnlineVote(props: { election: ElectionView; profileNeighbourhood: string | undefined }) {
  const e = () => props.election;
  const ids = e().neighbourhoods;
  const [nationalId, setNationalId] = createSignal("");
  const [idError, setIdError] = createSignal<string>();
  const [neighbourhood, setNeighbourhood] = createSignal(
    props.profileNeighbourhood && ids.includes(props.profileNeighbourhood)
      ? props.profileNeighbourhood
      : ids.length === 1
        ? (ids[0] as string)
        : "",
  );
  const [nError, setNError] = createSignal<string>();

  const identify = (next: () => void) => (
    <form
      class="form"
      aria-labelledby="step-heading"
      novalidate
      onSubmit={(ev) => {
        ev.preventDefault();
        const digits = nationalIdDigits(nationalId());
        const idOk = isValidNationalId(digits);
        setIdError(idOk ? undefined : "کد ملی ۱۰ رقمی را درست وارد کنید (رقم‌های فارسی یا انگلیسی).");
        setNError(neighbourhood() ? undefined : "محلهٔ محل سکونت خود را انتخاب کنید.");
        if (!idOk) document.getElementById("vote-national-id")?.focus();
        else if (!neighbourhood()) document.getElementById("vote-neighbourhood")?.focus();
        else next();
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
        hint="کد ملی باید در فهرست رأی‌دهندگان باشد و به شمارهٔ موبایلی که با آن وارد شده‌اید تعلق داشته باشد."
        error={idError()}
      />
      <SelectField
        id="vote-neighbourhood"
        label="محلهٔ محل سکونت"
        name="neighbourhood"
        required
        onChange={(ev) => setNeighbourhood(ev.currentTarget.value)}
        hint="برگهٔ رأی همین محله را می‌بینید؛ باید با محلهٔ شما در فهرست رأی‌دهندگان یکی باشد."
        error={nError()}
      >
        <option value="">محله را انتخاب کنید</option>
        <For each={ids}>
          {(n) => (
            <option value={n} selected={n === neighbourhood()}>
              {neighbourhoodName(n)}
            </option>
          )}
        </For>
      </SelectField>
      <button type="submit" class="button">
        ادامه: دیدن برگهٔ رأی
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

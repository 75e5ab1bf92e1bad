/** /festival/:pid/results — a programme's published results by category, age group and district. */
import { toPersianDigits } from "@hamdel/core/fa";
import { createAsync, useParams } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { FormAlert } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import { getResults } from "../../lib/judging";
import "./judging.css";

const fa = (n: number | string) => toPersianDigits(String(n));
const awardFa: Record<string, string> = { winner: "برگزیده", honourable_mention: "شایستهٔ تقدیر" };

export default function Results() {
  const params = useParams();
  const [district, setDistrict] = createSignal("");
  const results = createAsync(async () => {
    try {
      return { ok: await getResults(params.pid ?? "", district() ? { district: district() } : {}) };
    } catch (error) {
      return { error };
    }
  });
  const data = () => {
    const r = results();
    return r && "ok" in r ? r.ok : undefined;
  };
  return (
    <Page title={data() ? `نتایج ${data()?.programmeTitle}` : "نتایج"}>
      <Show when={results() && "error" in (results() as object)}>
        <FormAlert error={(results() as { error: unknown }).error} />
      </Show>
      <label>
        منطقه{" "}
        <select value={district()} onChange={(e) => setDistrict(e.currentTarget.value)}>
          <option value="">همهٔ مناطق</option>
          <For each={Array.from({ length: 22 }, (_, i) => String(i + 1))}>
            {(d) => <option value={d}>منطقهٔ {fa(d)}</option>}
          </For>
        </select>
      </label>
      <Show when={data()}>
        {(d) => (
          <table class="judging-results">
            <caption>برگزیدگان و شایستگان تقدیر</caption>
            <thead>
              <tr>
                <th scope="col">عنوان</th>
                <th scope="col">نام</th>
                <th scope="col">جایزه</th>
                <th scope="col">محور یا گروه سنی</th>
                <th scope="col">منطقه</th>
              </tr>
            </thead>
            <tbody>
              <For
                each={d().items}
                fallback={
                  <tr>
                    <td colSpan={5}>موردی نیست.</td>
                  </tr>
                }
              >
                {(r) => (
                  <tr>
                    <th scope="row">{r.title ?? "—"}</th>
                    <td>{r.displayName ?? "—"}</td>
                    <td>{awardFa[r.award] ?? r.award}</td>
                    <td>{r.ageGroup ?? r.categoryId ?? "—"}</td>
                    <td>{fa(r.district)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        )}
      </Show>
    </Page>
  );
}

/**
 * /festival/:pid/results — a programme's published results by category, age group and district,
 * and the gallery of winning works: a thumbnail (a signed URL valid for minutes) and a child's first
 * name appear only where the guardian agreed to the gallery; the rest show their title alone.
 */
import { toPersianDigits } from "@hamdel/core/fa";
import { createAsync, useParams } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { FormAlert } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import { getResults } from "../../lib/judging";
import "./judging.css";

const fa = (n: number | string) => toPersianDigits(String(n));
const awardFa: Record<string, string> = { winner: "برگزیده", honourable_mention: "شایستهٔ تقدیر" };

interface Card {
  title?: string;
  displayName?: string;
  award: string;
  district: string;
  ageGroup?: string;
  ageGroupFa?: string;
  categoryId?: string;
  categoryFa?: string;
}

const groupOf = (r: Card) => r.ageGroupFa ?? r.categoryFa ?? r.ageGroup ?? r.categoryId ?? "—";

/** The picture described in words, for screen readers: title, who (if shown), group and district. */
const altOf = (r: Card) =>
  [
    `اثر «${r.title ?? "بی‌نام"}»`,
    r.displayName ? `از ${r.displayName}` : "",
    `${awardFa[r.award] ?? ""}، ${groupOf(r)}، منطقهٔ ${fa(r.district)}`,
  ]
    .filter(Boolean)
    .join(" ");

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
      <Show when={data()?.items.some((r) => r.thumbnailUrl)}>
        <section aria-labelledby="gallery-title">
          <h2 id="gallery-title">نگارخانهٔ آثار برگزیده</h2>
          <ul class="judging-gallery">
            <For each={data()?.items.filter((r) => r.thumbnailUrl)}>
              {(r) => (
                <li>
                  <figure>
                    <img src={r.thumbnailUrl} alt={altOf(r)} loading="lazy" width="240" height="180" />
                    <figcaption>
                      <strong>{r.title ?? "بی‌نام"}</strong>
                      <Show when={r.displayName}>
                        <span>{r.displayName}</span>
                      </Show>
                      <span>
                        {awardFa[r.award] ?? r.award} · {groupOf(r)} · منطقهٔ {fa(r.district)}
                      </span>
                    </figcaption>
                  </figure>
                </li>
              )}
            </For>
          </ul>
        </section>
      </Show>
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
                    <td>{groupOf(r)}</td>
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

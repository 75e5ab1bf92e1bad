import { anonymous } from "@hamdel/core";
import { listElections } from "@hamdel/core/elections";
import { listOpenProgrammes } from "@hamdel/core/festival";
import { describe, expect, it } from "vitest";
import { seedDemoData } from "./seed";
import { seedDemoContent } from "./seed-content";

describe("demo content (npm start)", () => {
  it("opens the painting contest and the Hami festival, and an election taking candidacies — once", async () => {
    const { staff } = await seedDemoData();
    expect(await seedDemoContent(staff)).toEqual({ created: true });

    const demoProgrammes = async () =>
      (await listOpenProgrammes(anonymous)).items.filter((p) => p.title.endsWith("(نمونه)"));
    expect((await demoProgrammes()).map((p) => p.kind).sort()).toEqual(["festival", "painting"]);
    const elections = (await listElections()).filter((e) => e.title.includes("(نمونه)"));
    expect(elections).toHaveLength(1);
    expect(Date.parse(elections[0]?.registration.opensAt ?? "")).toBeLessThan(Date.now());

    // A restart finds the marker and creates nothing more.
    expect(await seedDemoContent(staff)).toEqual({ created: false });
    expect(await demoProgrammes()).toHaveLength(2);
    expect((await listElections()).filter((e) => e.title.includes("(نمونه)"))).toHaveLength(1);
  });
});

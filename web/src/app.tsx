import { Route, Router } from "@solidjs/router";
import { lazy } from "solid-js";
import { getElection, getElections } from "./lib/elections";
import { getOpenProgrammes, getProgramme } from "./lib/festival";
import { getDistricts } from "./lib/geo";
import { getInvitation, getMe, getSessions, getStaff } from "./lib/identity";
import { isPlatformAdmin } from "./lib/nav";
import { Home } from "./routes/home";
import { NotFound } from "./routes/not-found";
import { SignIn } from "./routes/sign-in";
import { Shell } from "./shell/Shell";

// Citizen pages ship in the first bundle; staff and developer pages load when visited.
const Profile = lazy(() => import("./routes/profile"));
const StaffSignIn = lazy(() => import("./routes/staff/sign-in"));
const StaffInvite = lazy(() => import("./routes/staff/invite"));
const StaffAdmin = lazy(() => import("./routes/staff/admin"));
const DevOutbox = lazy(() => import("./routes/dev/outbox"));
const FestivalProgrammes = lazy(() => import("./routes/festival/index"));
const FestivalSubmit = lazy(() => import("./routes/festival/submit"));
const FestivalEntries = lazy(() => import("./routes/festival/entries"));
const StaffFestival = lazy(() => import("./routes/festival/staff"));
const StaffProgrammeEdit = lazy(() => import("./routes/festival/edit"));
const ElectionList = lazy(() => import("./routes/elections/list"));
const ElectionPage = lazy(() => import("./routes/elections/election"));
const ElectionVote = lazy(() => import("./routes/elections/vote"));
const ElectionBoard = lazy(() => import("./routes/elections/board"));
const ElectionResults = lazy(() => import("./routes/elections/results"));
const ElectionCandidacy = lazy(() => import("./routes/elections/candidacy"));
const ElectionResidence = lazy(() => import("./routes/elections/residence"));
const StaffElections = lazy(() => import("./routes/elections/staff"));
const StaffElection = lazy(() => import("./routes/elections/staff-election"));
const ElectionKiosk = lazy(() => import("./routes/elections/kiosk"));
const StaffJudgingList = lazy(() => import("./routes/judging/index"));
const StaffJudging = lazy(() => import("./routes/judging/staff"));
const JurorPage = lazy(() => import("./routes/judging/juror"));
const JudgingResults = lazy(() => import("./routes/judging/results"));
const CertificatePage = lazy(() => import("./routes/judging/certificate"));

export function App() {
  return (
    <Router root={Shell}>
      <Route path="/" component={Home} />
      <Route path="/sign-in" component={SignIn} preload={() => getMe()} />
      <Route
        path="/profile"
        component={Profile}
        preload={async () => {
          getDistricts();
          if (await getMe()) getSessions();
        }}
      />
      <Route path="/staff/sign-in" component={StaffSignIn} />
      <Route
        path="/staff/invite/:token"
        component={StaffInvite}
        preload={({ params }) => getInvitation(params.token ?? "")}
      />
      <Route
        path="/staff/admin"
        component={StaffAdmin}
        preload={async () => {
          if (isPlatformAdmin(await getMe())) {
            getStaff();
            getDistricts();
          }
        }}
      />
      <Route path="/dev/outbox" component={DevOutbox} />
      <Route path="/festival" component={FestivalProgrammes} preload={() => getOpenProgrammes()} />
      <Route path="/festival/entries" component={FestivalEntries} preload={() => getMe()} />
      <Route
        path="/festival/:programmeId/submit"
        component={FestivalSubmit}
        preload={({ params }) => getProgramme(params.programmeId ?? "")}
      />
      <Route path="/staff/festival" component={StaffFestival} preload={() => getMe()} />
      <Route
        path="/staff/festival/:id/edit"
        component={StaffProgrammeEdit}
        preload={({ params }) => getProgramme(params.id ?? "")}
      />
      <Route path="/elections" component={ElectionList} preload={() => getElections()} />
      <Route
        path="/elections/:id"
        component={ElectionPage}
        preload={({ params }) => getElection(params.id ?? "")}
      />
      <Route path="/elections/:id/vote" component={ElectionVote} />
      <Route path="/elections/:id/board" component={ElectionBoard} />
      <Route path="/elections/:id/results" component={ElectionResults} />
      <Route path="/elections/:id/candidacy" component={ElectionCandidacy} />
      <Route path="/elections/:id/residence" component={ElectionResidence} />
      <Route path="/staff/elections" component={StaffElections} />
      <Route path="/staff/elections/:id" component={StaffElection} />
      <Route path="/kiosk/elections/:id" component={ElectionKiosk} />
      <Route path="/staff/judging" component={StaffJudgingList} />
      <Route path="/staff/judging/:pid" component={StaffJudging} />
      <Route path="/judging/:pid/juror" component={JurorPage} />
      <Route path="/festival/:pid/results" component={JudgingResults} />
      <Route path="/certificates/:code" component={CertificatePage} />
      <Route path="*404" component={NotFound} />
    </Router>
  );
}

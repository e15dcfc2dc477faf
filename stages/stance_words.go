package stages

import "strings"

// Word classes used by speaker attribution and favour scoring. A word may
// belong to several classes.
const (
	swReport      uint32 = 1 << iota // reporting verb: said, warned, according
	swWeakReport                     // reports only after a statement noun (read) or a quotation (stQuoteReports)
	swPosition                       // voices a position against someone: warned, accused, denied
	swBlame                          // its object is criticised: accused, condemned
	swPraise                         // its object is praised: thanked, praised
	swHelp                           // its subject helps: supported, helped
	swHarm                           // violent act; blames its agent when civilians are harmed
	swHarmNoun                       // civilians, children, hospital: harm to the innocent
	swFiller                         // skipped between a subject and its verb: also, has, on, Tuesday
	swPersonPron                     // he, she
	swThingPron                      // it, they
	swSelfPron                       // I, we: the speaker of a quotation
	swSpeechNoun                     // statement, spokesman: look left for the owner
	swUnnamed                        // officials, sources, reports: an unnamed source
	swNeg                            // not, never, no
	swCond                           // if, should, unless
	swDet                            // a, an, the
	swRel                            // who, which, that
	swEvalPos                        // favourable evaluation
	swEvalNeg                        // unfavourable evaluation
	swNoContent                      // about, of: "told reporters about" reports no content
	swBlockBefore                    // to, declined, refused: "declined to say" reports nothing
	swRoleNoun                       // president, minister, diplomat: "the diplomat said" is a person
	swBodyNoun                       // ministry, statement, agency: "the ministry said" is an institution
)

type stWordInfo uint32

func (w stWordInfo) has(c uint32) bool { return uint32(w)&c != 0 }

// stBareReportWords are the bare present forms that report, as their
// subject's own verb only ("Western officials believe", not "could
// insist"; see stModalBefore); stBareReports holds them.
const stBareReportWords = `warn urge insist argue believe acknowledge reiterate emphasise emphasize
	note stress predict contend`

var stBareReports = stWordSet(stBareReportWords)

// stQuoteReports are the weak reporting verbs that report only right
// after a quotation closes ("…,” he concluded", "… - continued Biden"),
// not in "Russia continued to shell Kyiv" or "the talks concluded".
var stQuoteReports = stWordSet(`concluded continued`)

// stStanceWords maps lower-case words to their classes. It is built once and
// never modified, so sharing it between goroutines is safe.
var stStanceWords = stBuildStanceWords()

func stBuildStanceWords() map[string]stWordInfo {
	m := map[string]stWordInfo{}
	add := func(c uint32, words string) {
		for _, w := range strings.Fields(words) {
			m[w] |= stWordInfo(c)
		}
	}
	add(swReport, `said say says saying told tell tells telling stated states claimed claims claim
		warned warns warning urged urges denied denies deny insisted insists added argued argues
		announced announces declared declares stressed stresses noted notes asserted asserts
		acknowledged acknowledges admitted admits explained explains wrote writes tweeted tweets
		posted responded replied commented emphasised emphasized emphasises emphasizes underlined
		reiterated reiterates confirmed confirms alleged alleges accused accuses blamed blames
		condemned condemns criticised criticized criticises criticizes demanded demands vowed vows
		pledged pledges promised promises threatened threatens rejected rejects dismissed dismisses
		suggested suggests believes believed thinks thought maintained maintains according
		called calls charged charges countered counters quipped remarked remarks observed
		predicted predicts estimated estimates reported asked asks proposed proposes recalled
		recalls complained complains described describes hailed praised praises welcomed welcomes voiced
		thanked thanks congratulated denounced denounces slammed slams pointed specified
		clarified assured assures informed questioned questions expressed expresses signalled
		signaled cautioned reaffirmed reaffirms indicated indicates underscored conceded accuse condemn
		repeated repeats contended contends points deems deemed branded labelled labeled
		pleaded appealed decried decries convinced spoke speaks downplayed downplays lamented laments
		reminded adds adding reporting pushed pushes`)
	add(swReport, stBareReportWords)
	add(swWeakReport, `read reads concluded continued`)
	add(swPosition, `warned warns warning urged urges denied denies deny insisted insists claimed claims
		alleged alleges accused accuses blamed blames condemned condemns criticised criticized
		demanded demands vowed vows threatened threatens rejected rejects dismissed dismisses
		declared declares denounced denounces slammed slams charged called calls countered
		complained complains refused refuses ultimatum
		warn urge urging denying insist insisting claim claiming allege alleging accuse accusing
		blame blaming condemn condemning criticise criticize criticises criticizes criticising
		criticizing demanding vow vowing threaten reject rejecting dismiss dismissing declare
		denounce denouncing slam slamming complain complaining refuse refusing`)
	add(swBlame, `accused accuses accuse accusing blamed blames blame blaming condemned condemns condemn
		condemning criticised criticized criticises criticizes criticise criticize criticising
		criticizing denounced denounces denounce denouncing slammed slams slam rebuked rebukes
		castigated lambasted berated chided`)
	add(swPraise, `thanked thanks thank thanking praised praises praise praising hailed hails commended
		commends congratulated congratulates applauded lauded`)
	add(swHelp, `supported supports support supporting helped helps help helping aided aids assisted
		assists defended defends defend defending protected protects protect protecting rescued
		evacuated evacuating liberated liberating`)
	add(swHarm, `shelled shelling shell shells bombed bombing bombs bombarded bombarding attacked
		attacks attack attacking struck strikes strike striking killed kills kill killing targeted
		targets targeting fired hit destroyed destroying tortured torturing massacred looted raped
		deported deporting abducted murdered murdering executed invade invades invaded invading
		pounded pounding razed kidnap kidnaps kidnapped kidnapping abduct abducts abducting
		hitting deports burned burning blew blown`)
	add(swHarmNoun, `civilians civilian children child kids babies hospital hospitals maternity school
		schools kindergarten residential homes apartment apartments women elderly innocent
		refugees families shelter shelters theatre cities towns villages journalists`)
	add(swFiller, `also has have had was were is are would will could may might later earlier
		previously again repeatedly recently reportedly then today yesterday tonight once
		subsequently meanwhile separately further further publicly privately openly bluntly
		on monday tuesday wednesday thursday friday saturday sunday last this week weekend
		night morning evening afternoon in a an the
		told reporters journalists has had already first long strongly firmly sharply`)
	add(swPersonPron, `he she him her`)
	add(swThingPron, `it they`)
	add(swSelfPron, `i we`)
	add(swSpeechNoun, `statement statements spokesman spokeswoman spokesperson spokespeople press
		secretary office ministry department embassy readout communique message letter note
		text decree resolution tweet post channel website service head chief minister leader
		president premier government administration team aide aides adviser advisers advisor
		envoy ambassador mission delegation representative representatives cabinet council
		command headquarters staff agency state diplomat official governor mayor commander
		committee`)
	add(swRoleNoun, `president minister spokesman spokeswoman spokesperson diplomat envoy ambassador
		leader chief head premier chancellor secretary official governor mayor commander general
		aide adviser advisor representative`)
	add(swBodyNoun, `ministry statement office agency department embassy government administration
		council committee service readout communique message kremlin cabinet command
		headquarters mission delegation`)
	add(swUnnamed, `officials official sources source reports report analysts analyst experts
		expert observers observer diplomats diplomat critics critic people residents witnesses
		witness media outlets newspaper newspapers journalists commentators researchers
		scholars insiders aides officers someone many some others activists campaigners
		organisers organizers authorities police investigators prosecutors lawyers companies
		company firm firms group groups consultancy centre center institute organisation
		organization charity ngo agencies economists economist scientists scientist academics
		historians investors bloggers pundits journalist commentator researcher scholar insider
		activist campaigner investigator prosecutor lawyer historian blogger pundit monitors
		monitor`)
	add(swNeg, `not never no nor`)
	add(swCond, `if should unless were`)
	add(swDet, `a an the this that these those its his her their our`)
	add(swRel, `who which that whom`)
	add(swBlockBefore, `to declined refused failed`)
	add(swNoContent, `about`)
	add(swEvalNeg, `responsibility aggression aggressor aggressors aggressive brutal brutally brutality barbaric barbarism
		barbarians atrocities atrocity crimes crime criminal criminals illegal illegally
		unprovoked unjustified terror terrorist terrorists terrorism genocide genocidal lies lie
		lying liar liars propaganda provocation provocations provocative threat threats
		threatening hostile reckless destabilising destabilizing blackmail invaders invader
		occupiers occupier occupation regime clique hypocrisy hypocritical cynical cynically
		vague weak weakness indecisive failed failure failures incompetent disastrous
		dangerous irresponsible escalation escalating escalate violated violation violations
		violating sham puppet nazi nazis neo russophobia russophobic inhumane shameful cowardly
		massacre massacres murder murders murderous torture looting deportation deportations
		abduction killings tyranny tyrant enemy horrific horror horrors monstrous savage ruthless cruel cruelty
		bloody bloodshed evil imperialist imperial expansionist expansion hegemony arrogance
		arrogant unacceptable outrageous absurd baseless groundless false falsely fake
		disinformation interference meddling aggressively illegitimate annexation mistake
		tragic blame blamed guilty responsible culpable isolated isolation humiliating
		humiliation defeat defeated retreat slow slowly hesitant dithering undermine undermining
		undermined sabotage sabotaged sabotaging sabotages destructive confrontational militarisation
		militarization nationalist nationalists extremist extremists radical radicals
		recklessness hostility irresponsibility incompetence cynicism illegality barbarity
		ruthlessness deceit deceitful deception hypocrite hypocrites lawlessness
		paranoid paranoia irrational delusional deranged degradation thuggish thugs
		rogue pariah despot despotic dictator dictators dictatorship autocrat autocratic
		authoritarian authoritarianism kleptocracy kleptocratic mafia gangster gangsters
		bandits looters marauders vandalism atrocious heinous vile depraved inhuman insane
		madman lunatic oppress oppresses oppression oppressive oppressor oppressors persecution
		persecutes persecuting slaughter slaughtering slaughtered destabilize destabilise
		accountable pretend pretends pretending pretended appalling contemptuous contempt
		untrue devastated separatism coup mercenaries impunity inflammatory incendiary bellicose
		warmongering warmonger warmongers disgraceful despicable barbarous nefarious treacherous
		treacherously perfidious ignored ignoring ignores disregarded disregarding disregards
		unfriendly foment fomenting fomented dismember colonizers colonisers colonizer colonialism
		enslave terrorize terrorise terrorizing terrorising coerce lawless carnage weaponise weaponised
		weaponises weaponising weaponize weaponized weaponizes weaponizing
		boorish idiotic idiotically conceit conceited hypocritically thoughtless botched bungled
		disastrously arrogantly obstruct obstructs obstructed obstructing obstruction`)
	add(swEvalPos, `heroic heroes hero heroism brave bravery courage courageous resilience resilient withstood withstand withstands withstanding
		justified legitimate reasonable constructive strong strength solidarity support
		supported supporting helped help assistance aid thanked grateful gratitude praised
		hailed success successful successfully victory victories liberated liberation protect
		protecting protection defend defending defenders defender peaceful
		generous friendship partnership unity united commitment committed
		welcomed effective courageously valiant valiantly fearless dignity honour honor
		determined determination steadfast unwavering reliable responsible-partner
		constructively cooperation cooperative goodwill progress achievements achievement
		admire admired admiration congratulated congratulate congratulations proud pride
		legitimately lawful sovereign best utmost principled honourably honorably faithful
		faithfully benevolent selflessly selfless possible`)
	return m
}

// The words [stMatcher.processOnly] looks for: words of the diplomatic process, and
// words that show a demand or a condition, or measures against someone.
const (
	stProcessWord = 1 + iota
	stProcessBlock
)

// stProcessWordSet are the words of the diplomatic process
// (stProcessWord), stProcessBlockSet those of a demand, a condition or a
// measure (stProcessBlock); each is a word set of the matcher's table
// (stSetProcess, stSetProcessBlock).
var (
	stProcessWordSet = stWordSet(`talks negotiations negotiation dialogue proposals proposal
		efforts welcome welcomed pleasure informed documents agreements agreement meeting visit
		cooperation consultations conversation contacts trade investment investments tourism
		greetings bilateral`)
	stProcessBlockSet = stWordSet(`must only should cannot never not if unless against
		impossible deter sanctions sanction need needs nobody bar bars barring prevent prevents
		preventing halt halting stop stopping ban banning prohibit prohibits block blocking
		deprive deprives depriving freeze freezing froze frozen isolate isolates isolating`)
)

// stDiplomaticWarmth are the positive evaluative words (swEvalPos) that
// diplomacy speaks in: in a sentence about the talks alone they take no
// position, where "protect", "heroic" or "support" still do.
var stDiplomaticWarmth = stWordSet(`progress cooperation cooperative constructive constructively
	partnership friendship goodwill welcomed commitment committed unity united success successful
	successfully achievement achievements effective`)

// stPrivateSources are unnamed sources (swUnnamed) that are no state's
// voice, whatever country or side precedes them: "US lawyers", "British
// experts", "Kremlin critics".
var stPrivateSources = stWordSet(`analysts analyst experts expert observers observer critics critic
	residents witnesses witness journalists commentators researchers scholars activists campaigners
	organisers organizers lawyers companies company firm firms consultancy institute charity ngo
	economists economist scientists scientist academics historians investors bloggers pundits
	monitors monitor`)

"""The 15 points for thought, as loaded by migration 0002 (and kept in step with it).

The list, the numbering and the phase by which each point must be settled follow
"A Model for Cooperation between Government Ministries" (2013); the guidance and
questions are Interlock's own wording. Administrators can edit them in the admin.
"""

# (number, title, phase it must be addressed by, guidance, questions, reopened on renewal)
POINTS = [
    (
        1,
        "Which partnership is needed?",
        "initiation",
        "Say where in the work of government the cooperation is needed — setting policy, preparing and "
        "organising, or delivering the service — and what kind of partnership fits that place. Matching the type "
        "to the need keeps everyone's expectations realistic.",
        [
            "At which stage of the work is cooperation needed: deciding, preparing, or delivering?",
            "What can no single ministry achieve alone here?",
            "What kind of relationship do we need: shared ownership, coordination, pooled money, or common interest?",
            "What would a partnership that is too big or too small for the need look like?",
        ],
        False,
    ),
    (
        2,
        "Is the collaboration worthwhile?",
        "initiation",
        "Cooperation has a price in time, staff and attention. Go ahead only when each ministry expects to gain "
        "more than it will spend. Write down each partner's expected value and its costs side by side.",
        [
            "What does each ministry expect to gain?",
            "What will it cost each ministry in staff time, money and attention?",
            "For which ministry is the balance weakest, and what would change that?",
            "What happens if we do not cooperate at all?",
        ],
        True,
    ),
    (
        3,
        "Who takes part?",
        "initiation",
        "Most areas of government overlap with other bodies. Look for three kinds of partner — those with "
        "interests at stake, those with knowledge, and those with authority — and aim for the smallest group that "
        "still covers all three: the minimal systematic whole.",
        [
            "Who has interests at stake in the outcome?",
            "Who holds the knowledge or data the work needs?",
            "Who has the authority to decide, fund or regulate?",
            "Is anyone missing without whom the result cannot be reached?",
            "Is anyone included who adds cost but not value?",
        ],
        False,
    ),
    (
        4,
        "How will we build trust?",
        "planning",
        "Each ministry sees the problem from its own angle, and the joint result depends on all of them. Trust "
        "grows from knowing one another, a shared language, shared experiences and a steady routine of working "
        "together, within values everyone accepts.",
        [
            "How will the people involved get to know one another?",
            "Which terms mean different things in different ministries, and how will we agree on them?",
            "What shared experience early on can bring the team together?",
            "Which values do we commit to in how we work together?",
        ],
        False,
    ),
    (
        5,
        "How is the process arranged?",
        "planning",
        "Agree on a small set of commitments every partner signs up to while keeping what makes each ministry "
        "distinct. For planning, delivery and evaluation alike, settle who decides, who leads, the timetable, and "
        "who is involved and how, so that meetings create value for the people attending and for decision makers.",
        [
            "What is the minimum every partner commits to?",
            "Who has the authority to decide at each stage?",
            "What is the timetable for planning, delivery and evaluation?",
            "Who needs to be at which meeting, and why?",
        ],
        False,
    ),
    (
        6,
        "How is the partnership structured?",
        "planning",
        "The structure shapes what the partnership can achieve. Choose one that lets several ministries own the "
        "work jointly without stepping on one another's authority: creative (joint ownership), reactive "
        "(coordination and shared information), limited (mainly budgetary) or without decisions (identical "
        "interests).",
        [
            "Which structure fits our goal: creative, reactive, limited, or without decisions?",
            "How does the structure respect each ministry's legal authority?",
            "Which body runs the partnership day to day?",
        ],
        False,
    ),
    (
        7,
        "How is the budget arranged?",
        "planning",
        "Money is among the hardest parts and decides much of the outcome, so settle it early. The budget follows "
        "the structure, covers the partnership's whole life over several years, and works best when an "
        "interministry committee oversees it while each ministry can still use its share fully.",
        [
            "What does each ministry contribute, in which years?",
            "Is there extra money that makes joining easier for partners?",
            "Who manages the budget: a committee of the ministries or the lead ministry?",
            "Does the budget cover the whole life of the partnership?",
        ],
        True,
    ),
    (
        8,
        "What results do we agree on?",
        "planning",
        "At the centre there must be a result each ministry truly wants. Agreed results point the work in one "
        "direction and are the basis for measuring effectiveness and efficiency. Expect differences in "
        "professional language and culture to make this harder than it looks.",
        [
            "What result does each ministry have a real reason to pursue?",
            "How will we measure it, and from what baseline?",
            "Which words do the ministries use differently when they describe success?",
            "What target, by when?",
        ],
        True,
    ),
    (
        9,
        "Are expectations aligned?",
        "planning",
        "Each partner should know in advance what it is expected to give and what it will get back. Set the area "
        "of work and each ministry's responsibilities, showing where the tasks depend on one another, and agree "
        "the working routine: order of work, reporting, committee meetings and budget transfers.",
        [
            "What does each ministry give, and what does it get back?",
            "Where do our tasks depend on each other?",
            "What are the reporting dates and the meeting routine?",
            "How and when does money move between the ministries?",
        ],
        True,
    ),
    (
        10,
        "How do we handle ego?",
        "planning",
        "Assume that every ministry brings its pride and its territory, and treat that as a professional asset. "
        "Recognise each ministry's domain, its history and its way of doing things first. A ministry that feels "
        "respected for what it brings is ready to plan jointly.",
        [
            "What does each ministry see as its own territory?",
            "How will we acknowledge each ministry's history and expertise?",
            "Where could credit for results become a point of friction?",
        ],
        False,
    ),
    (
        11,
        "How will conflicts be resolved?",
        "planning",
        "Build the way to reach decisions into the structure before conflicts arise. First get all partners to "
        "agree on what the conflict actually is; exhaust the discussion openly; put every alternative before the "
        "decision maker with equal weight. The approving level decides — or the partners vote, each weighted by "
        "its relative size in the joint committee.",
        [
            "Who is the approving level that decides when we cannot agree?",
            "Do we use a weighted vote, and what are the weights?",
            "How do we make sure every alternative gets a fair hearing?",
            "How does a conflict move up: working group, steering committee, approving level?",
        ],
        False,
    ),
    (
        12,
        "How is information shared?",
        "planning",
        "Information feeds joint planning and lets the partners check and evaluate the work. Set up a fixed way "
        "of passing it on that supports learning and keeps every unit in step. The lead and every participant "
        "share the responsibility. Agree up front how information is sent, combined and stored.",
        [
            "What information does each partner need, and from whom?",
            "How and how often is it passed on?",
            "Where is it kept, and who may see it?",
            "Who is responsible for sending what?",
        ],
        False,
    ),
    (
        13,
        "Who leads, professionally and procedurally?",
        "planning",
        "Appoint a lead committee early, with authority over the process and its results. Professional "
        "leadership comes from the body with the most expertise on the subject; procedural leadership from a "
        "person or group skilled in running joint processes and seen as neutral. Put one committed person at the "
        "head.",
        [
            "Who is on the lead committee, and what may it decide?",
            "Who is the professional lead?",
            "Who is the procedural lead, and are they seen as neutral?",
            "Who is the one person at the head of the partnership?",
        ],
        False,
    ),
    (
        14,
        "How do head office and the field work together?",
        "planning",
        "The field — usually the districts — carries out the decisions. Bring it in from the start: shaping the "
        "idea, gathering data, finding the obstacles and proposing solutions. That improves the plan and earns "
        "the field's commitment. Delegate enough authority for the field to adapt and be creative.",
        [
            "How were field staff involved in shaping the plan?",
            "What authority is delegated to the field?",
            "How do field staff coordinate with outside partners and the people served?",
            "How do head office and the field report to each other?",
        ],
        False,
    ),
    (
        15,
        "How will we supervise, evaluate and renew?",
        "application",
        "Supervision checks progress against the agreed goals and indicators as part of normal government work. "
        "Evaluation measures outputs and results objectively, ideally by an external body, and is set from the "
        "start. Its conclusions decide what to learn, and whether to renew or change the program.",
        [
            "Who supervises, and how often?",
            "Who evaluates, and are they independent of the partners?",
            "What data will the evaluation use, and is it being collected now?",
            "When and how will we decide to renew, change or close the partnership?",
        ],
        True,
    ),
]

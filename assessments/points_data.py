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

# The same points in French and Hebrew, loaded by migration 0005 into the title_fr, guidance_fr... columns.
# French follows Canadian public-service usage; Hebrew follows the Israeli model's own terms
# ("נקודות למחשבה", "שלם מערכתי מינימלי", "דרג מאשר").
TRANSLATIONS = {
    "fr": {
        1: (
            "De quel partenariat a-t-on besoin?",
            "Indiquez à quel endroit du travail gouvernemental la collaboration est nécessaire — l’élaboration des "
            "politiques, la préparation et l’organisation, ou la prestation du service — et quel type de partenariat "
            "convient à cet endroit. Un type adapté au besoin garde les attentes de chacun réalistes.",
            [
                "À quelle étape du travail la collaboration est-elle nécessaire : décider, préparer ou offrir le "
                "service?",
                "Qu’est-ce qu’aucun ministère ne peut accomplir seul ici?",
                "De quel type de relation avons-nous besoin : propriété partagée, coordination, mise en commun des "
                "fonds ou intérêt commun?",
                "À quoi ressemblerait un partenariat trop grand ou trop petit pour le besoin?",
            ],
        ),
        2: (
            "La collaboration en vaut-elle la peine?",
            "La collaboration a un prix en temps, en personnel et en attention. N’allez de l’avant que si chaque "
            "ministère prévoit gagner plus qu’il ne dépensera. Consignez côte à côte la valeur attendue et les coûts "
            "de chaque partenaire.",
            [
                "Que prévoit gagner chaque ministère?",
                "Combien cela coûtera-t-il à chaque ministère en temps du personnel, en argent et en attention?",
                "Pour quel ministère l’équilibre est-il le plus faible, et qu’est-ce qui pourrait le changer?",
                "Que se passe-t-il si nous ne collaborons pas du tout?",
            ],
        ),
        3: (
            "Qui participe?",
            "La plupart des domaines du gouvernement recoupent ceux d’autres organismes. Cherchez trois types de "
            "partenaires — ceux qui ont des intérêts en jeu, ceux qui ont les connaissances et ceux qui détiennent "
            "l’autorité — et visez le plus petit groupe qui couvre les trois : l’ensemble systémique minimal.",
            [
                "Qui a des intérêts en jeu dans le résultat?",
                "Qui détient les connaissances ou les données dont le travail a besoin?",
                "Qui a l’autorité pour décider, financer ou réglementer?",
                "Manque-t-il quelqu’un sans qui le résultat ne peut pas être atteint?",
                "Quelqu’un est-il inclus qui ajoute des coûts, mais pas de valeur?",
            ],
        ),
        4: (
            "Comment bâtirons-nous la confiance?",
            "Chaque ministère voit le problème sous son propre angle, et le résultat commun dépend de tous. La "
            "confiance naît du fait de se connaître, d’un langage commun, d’expériences partagées et d’une routine "
            "de travail commune régulière, dans le respect de valeurs que tous acceptent.",
            [
                "Comment les personnes concernées apprendront-elles à se connaître?",
                "Quels termes ont un sens différent d’un ministère à l’autre, et comment nous entendrons-nous sur "
                "leur sens?",
                "Quelle expérience commune, dès le début, peut souder l’équipe?",
                "À quelles valeurs nous engageons-nous dans notre façon de travailler ensemble?",
            ],
        ),
        5: (
            "Comment le processus est-il organisé?",
            "Entendez-vous sur un petit ensemble d’engagements que chaque partenaire accepte, tout en préservant ce "
            "qui distingue chaque ministère. Pour la planification, la mise en œuvre et l’évaluation, précisez qui "
            "décide, qui dirige, le calendrier, et qui participe et comment, pour que les réunions soient utiles aux "
            "personnes présentes et aux décideurs.",
            [
                "Quel est l’engagement minimal de chaque partenaire?",
                "Qui a le pouvoir de décider à chaque étape?",
                "Quel est le calendrier de la planification, de la mise en œuvre et de l’évaluation?",
                "Qui doit assister à quelle réunion, et pourquoi?",
            ],
        ),
        6: (
            "Comment le partenariat est-il structuré?",
            "La structure détermine ce que le partenariat peut accomplir. Choisissez-en une qui permet à plusieurs "
            "ministères d’assumer ensemble le travail sans empiéter sur l’autorité des uns et des autres : "
            "créatrice (propriété conjointe), réactive (coordination et partage de l’information), limitée "
            "(surtout budgétaire) ou sans décisions (intérêts identiques).",
            [
                "Quelle structure convient à notre objectif : créatrice, réactive, limitée ou sans décisions?",
                "Comment la structure respecte-t-elle l’autorité légale de chaque ministère?",
                "Quel organe gère le partenariat au quotidien?",
            ],
        ),
        7: (
            "Comment le budget est-il organisé?",
            "L’argent est l’un des aspects les plus difficiles et détermine une grande partie du résultat; réglez "
            "donc cette question tôt. Le budget découle de la structure, couvre toute la durée du partenariat sur "
            "plusieurs années, et fonctionne mieux lorsqu’un comité interministériel le supervise, tout en "
            "permettant à chaque ministère d’utiliser pleinement sa part.",
            [
                "Que verse chaque ministère, et pour quels exercices?",
                "Existe-t-il des fonds supplémentaires qui facilitent l’adhésion des partenaires?",
                "Qui gère le budget : un comité des ministères ou le ministère responsable?",
                "Le budget couvre-t-il toute la durée du partenariat?",
            ],
        ),
        8: (
            "Sur quels résultats nous entendons-nous?",
            "Au centre, il doit y avoir un résultat que chaque ministère souhaite vraiment. Des résultats convenus "
            "orientent le travail dans une même direction et servent de base pour mesurer l’efficacité et "
            "l’efficience. Attendez-vous à ce que les différences de langage professionnel et de culture rendent "
            "l’exercice plus difficile qu’il n’y paraît.",
            [
                "Quel résultat chaque ministère a-t-il une réelle raison de viser?",
                "Comment le mesurerons-nous, et à partir de quelle valeur de référence?",
                "Quels mots les ministères emploient-ils différemment pour décrire la réussite?",
                "Quelle cible, et pour quand?",
            ],
        ),
        9: (
            "Les attentes sont-elles harmonisées?",
            "Chaque partenaire devrait savoir à l’avance ce qu’on attend de lui et ce qu’il recevra en retour. "
            "Définissez le champ de travail et les responsabilités de chaque ministère, en montrant où les tâches "
            "dépendent les unes des autres, et entendez-vous sur la routine de travail : l’ordre des travaux, les "
            "rapports, les réunions des comités et les transferts budgétaires.",
            [
                "Que donne chaque ministère, et que reçoit-il en retour?",
                "Où nos tâches dépendent-elles les unes des autres?",
                "Quelles sont les dates des rapports et le rythme des réunions?",
                "Comment et quand l’argent circule-t-il entre les ministères?",
            ],
        ),
        10: (
            "Comment gérons-nous les egos?",
            "Partez du principe que chaque ministère arrive avec sa fierté et son territoire, et voyez-y un atout "
            "professionnel. Reconnaissez d’abord le domaine de chaque ministère, son histoire et sa façon de faire. "
            "Un ministère qui se sent respecté pour ce qu’il apporte est prêt à planifier en commun.",
            [
                "Que considère chaque ministère comme son propre territoire?",
                "Comment reconnaîtrons-nous l’histoire et l’expertise de chaque ministère?",
                "Où le mérite des résultats pourrait-il devenir une source de friction?",
            ],
        ),
        11: (
            "Comment les conflits seront-ils réglés?",
            "Intégrez à la structure la façon d’arriver aux décisions avant que les conflits surviennent. Amenez "
            "d’abord tous les partenaires à s’entendre sur la nature réelle du conflit; épuisez la discussion "
            "ouvertement; présentez chaque solution au décideur avec le même poids. L’instance d’approbation "
            "décide — ou les partenaires votent, chacun selon sa taille relative au sein du comité conjoint.",
            [
                "Quelle est l’instance d’approbation qui décide quand nous ne nous entendons pas?",
                "Utilisons-nous un vote pondéré, et quelles sont les pondérations?",
                "Comment nous assurons-nous que chaque solution est examinée équitablement?",
                "Comment un conflit est-il porté plus haut : groupe de travail, comité directeur, instance "
                "d’approbation?",
            ],
        ),
        12: (
            "Comment l’information est-elle communiquée?",
            "L’information alimente la planification commune et permet aux partenaires de vérifier et d’évaluer le "
            "travail. Établissez une façon fixe de la transmettre, qui favorise l’apprentissage et garde chaque "
            "unité au même diapason. Le ministère responsable et chaque participant partagent cette "
            "responsabilité. Convenez dès le départ de la façon dont l’information est envoyée, regroupée et "
            "conservée.",
            [
                "De quelle information chaque partenaire a-t-il besoin, et de qui?",
                "Comment et à quelle fréquence est-elle transmise?",
                "Où est-elle conservée, et qui peut la consulter?",
                "Qui est responsable d’envoyer quoi?",
            ],
        ),
        13: (
            "Qui dirige, sur le plan du contenu et du processus?",
            "Nommez tôt un comité de direction qui a autorité sur le processus et ses résultats. La direction du "
            "contenu revient à l’organisme qui a le plus d’expertise sur le sujet; la direction du processus, à une "
            "personne ou à un groupe habile à mener des processus communs et perçu comme neutre. Placez à la tête "
            "une personne engagée.",
            [
                "Qui siège au comité de direction, et que peut-il décider?",
                "Qui est responsable du contenu?",
                "Qui est responsable du processus, et cette personne est-elle perçue comme neutre?",
                "Quelle est la personne à la tête du partenariat?",
            ],
        ),
        14: (
            "Comment l’administration centrale et le terrain travaillent-ils ensemble?",
            "Le terrain — habituellement les districts — met les décisions en œuvre. Faites-le participer dès le "
            "départ : façonner l’idée, recueillir les données, repérer les obstacles et proposer des solutions. Le "
            "plan s’en trouve amélioré et le terrain s’engage. Déléguez assez d’autorité pour que le terrain puisse "
            "s’adapter et faire preuve de créativité.",
            [
                "Comment le personnel sur le terrain a-t-il participé à l’élaboration du plan?",
                "Quelle autorité est déléguée au terrain?",
                "Comment le personnel sur le terrain se coordonne-t-il avec les partenaires externes et les personnes "
                "servies?",
                "Comment l’administration centrale et le terrain se rendent-ils compte l’un à l’autre?",
            ],
        ),
        15: (
            "Comment superviserons-nous, évaluerons-nous et renouvellerons-nous?",
            "La supervision vérifie les progrès par rapport aux objectifs et aux indicateurs convenus, dans le "
            "cadre du travail gouvernemental habituel. L’évaluation mesure les extrants et les résultats de façon "
            "objective, idéalement par un organisme externe, et elle est prévue dès le départ. Ses conclusions "
            "déterminent ce qu’il faut retenir et s’il faut renouveler ou modifier le programme.",
            [
                "Qui supervise, et à quelle fréquence?",
                "Qui évalue, et cette personne est-elle indépendante des partenaires?",
                "Sur quelles données l’évaluation s’appuiera-t-elle, et sont-elles recueillies maintenant?",
                "Quand et comment déciderons-nous de renouveler, de modifier ou de clore le partenariat?",
            ],
        ),
    },
    "he": {
        1: (
            "איזו שותפות נדרשת?",
            "יש לציין היכן בעבודת הממשלה נדרש שיתוף הפעולה — בקביעת מדיניות, בהיערכות ובהתארגנות, או במתן "
            "השירות — ואיזה סוג שותפות מתאים לשם. התאמת סוג השותפות לצורך שומרת על ציפיות מציאותיות אצל כולם.",
            [
                "באיזה שלב של העבודה נדרש שיתוף הפעולה: החלטה, היערכות או מתן השירות?",
                "מה אף משרד אינו יכול להשיג כאן לבדו?",
                "איזה סוג קשר אנחנו צריכים: בעלות משותפת, תיאום, איגום כספים או אינטרס משותף?",
                "איך הייתה נראית שותפות גדולה מדי או קטנה מדי לצורך?",
            ],
        ),
        2: (
            "האם שיתוף הפעולה משתלם?",
            "לשיתוף פעולה יש מחיר בזמן, בכוח אדם ובתשומת לב. כדאי להתקדם רק כשכל משרד צופה להרוויח יותר ממה "
            "שישקיע. יש לרשום זה לצד זה את התועלת הצפויה של כל שותף ואת העלויות שלו.",
            [
                "מה כל משרד מצפה להרוויח?",
                "כמה זה יעלה לכל משרד בזמן עבודה, בכסף ובתשומת לב?",
                "אצל איזה משרד המאזן חלש ביותר, ומה יכול לשנות זאת?",
                "מה יקרה אם לא נשתף פעולה כלל?",
            ],
        ),
        3: (
            "מי שותף לתהליך?",
            "רוב תחומי הממשלה חופפים לגופים אחרים. יש לחפש שלושה סוגי שותפים — בעלי אינטרסים, בעלי ידע ובעלי "
            "סמכות — ולשאוף לקבוצה הקטנה ביותר שעדיין מכסה את שלושתם: השלם המערכתי המינימלי.",
            [
                "למי יש אינטרסים בתוצאה?",
                "למי יש הידע או הנתונים שהעבודה דורשת?",
                "למי יש הסמכות להחליט, לממן או להסדיר?",
                "האם חסר מישהו שבלעדיו אי אפשר להגיע לתוצאה?",
                "האם נכלל מישהו שמוסיף עלות אך לא ערך?",
            ],
        ),
        4: (
            "איך נבנה אמון?",
            "כל משרד רואה את הבעיה מזווית משלו, והתוצאה המשותפת תלויה בכולם. אמון נבנה מהיכרות הדדית, משפה "
            "משותפת, מחוויות משותפות ומשגרת עבודה משותפת קבועה, על בסיס ערכים שכולם מקבלים.",
            [
                "איך האנשים המעורבים יכירו זה את זה?",
                "אילו מונחים משמעותם שונה ממשרד למשרד, ואיך נסכים עליהם?",
                "איזו חוויה משותפת בתחילת הדרך יכולה לגבש את הצוות?",
                "לאילו ערכים אנחנו מתחייבים בדרך שבה נעבוד יחד?",
            ],
        ),
        5: (
            "איך מוסדר התהליך?",
            "יש להסכים על מספר קטן של התחייבויות שכל שותף מקבל על עצמו, תוך שמירה על הייחוד של כל משרד. בתכנון, "
            "בביצוע ובהערכה יש לקבוע מי מחליט, מי מוביל, מה לוח הזמנים, ומי מעורב ואיך — כדי שהישיבות ייצרו ערך "
            "למשתתפים ולמקבלי ההחלטות.",
            [
                "מה המינימום שכל שותף מתחייב אליו?",
                "למי יש סמכות להחליט בכל שלב?",
                "מה לוח הזמנים לתכנון, לביצוע ולהערכה?",
                "מי צריך להשתתף באיזו ישיבה, ומדוע?",
            ],
        ),
        6: (
            "מהו מבנה השותפות?",
            "המבנה קובע מה השותפות יכולה להשיג. יש לבחור מבנה שמאפשר לכמה משרדים להחזיק יחד בעבודה בלי לפגוע "
            "בסמכויות זה של זה: יוצר (בעלות משותפת), מגיב (תיאום ושיתוף מידע), מוגבל (תקציבי בעיקרו) או ללא "
            "החלטות (אינטרסים זהים).",
            [
                "איזה מבנה מתאים למטרה שלנו: יוצר, מגיב, מוגבל או ללא החלטות?",
                "איך המבנה מכבד את הסמכות החוקית של כל משרד?",
                "איזה גוף מנהל את השותפות ביום-יום?",
            ],
        ),
        7: (
            "איך מוסדר התקציב?",
            "הכסף הוא מהחלקים הקשים ביותר והוא קובע חלק גדול מהתוצאה, ולכן כדאי להסדיר אותו מוקדם. התקציב נגזר "
            "מהמבנה, מכסה את כל חיי השותפות לאורך כמה שנים, ועובד בצורה הטובה ביותר כשוועדה בין-משרדית מפקחת "
            "עליו ובכל זאת כל משרד יכול לנצל את חלקו במלואו.",
            [
                "מה כל משרד משקיע, ובאילו שנים?",
                "האם יש כסף נוסף שמקל על שותפים להצטרף?",
                "מי מנהל את התקציב: ועדה של המשרדים או המשרד המוביל?",
                "האם התקציב מכסה את כל חיי השותפות?",
            ],
        ),
        8: (
            "על אילו תוצאות אנחנו מסכימים?",
            "במרכז צריכה לעמוד תוצאה שכל משרד באמת רוצה בה. תוצאות מוסכמות מכוונות את העבודה לכיוון אחד והן "
            "הבסיס למדידת האפקטיביות והיעילות. צפוי שהבדלים בשפה המקצועית ובתרבות הארגונית יקשו על כך יותר ממה "
            "שנראה.",
            [
                "לאיזו תוצאה יש לכל משרד סיבה אמיתית לשאוף?",
                "איך נמדוד אותה, ומאיזה ערך בסיס?",
                "אילו מילים המשרדים משתמשים בהן באופן שונה כשהם מתארים הצלחה?",
                "מה היעד, ועד מתי?",
            ],
        ),
        9: (
            "האם הציפיות מתואמות?",
            "כל שותף צריך לדעת מראש מה מצופה ממנו לתת ומה יקבל בתמורה. יש להגדיר את תחום העבודה ואת האחריות של "
            "כל משרד, להראות היכן המשימות תלויות זו בזו, ולהסכים על שגרת העבודה: סדר העבודה, הדיווח, ישיבות "
            "הוועדות והעברות התקציב.",
            [
                "מה כל משרד נותן, ומה הוא מקבל בתמורה?",
                "היכן המשימות שלנו תלויות זו בזו?",
                "מהם מועדי הדיווח ושגרת הישיבות?",
                "איך ומתי עובר כסף בין המשרדים?",
            ],
        ),
        10: (
            "איך מתמודדים עם אגו?",
            "יש להניח שכל משרד מגיע עם הגאווה והטריטוריה שלו, ולראות בכך נכס מקצועי. קודם כול יש להכיר בתחום של "
            "כל משרד, בהיסטוריה שלו ובדרך העבודה שלו. משרד שמרגיש שמכבדים את מה שהוא מביא מוכן לתכנן במשותף.",
            [
                "מה כל משרד רואה כטריטוריה שלו?",
                "איך נכיר בהיסטוריה ובמומחיות של כל משרד?",
                "היכן הקרדיט על התוצאות עלול להפוך למוקד חיכוך?",
            ],
        ),
        11: (
            "איך ייפתרו מחלוקות?",
            "יש לבנות לתוך המבנה את הדרך לקבלת החלטות עוד לפני שמתגלעות מחלוקות. קודם יש להביא את כל השותפים "
            "להסכמה על מהות המחלוקת; למצות את הדיון בגלוי; ולהציג למקבל ההחלטה כל חלופה במשקל שווה. הדרג המאשר "
            "מכריע — או שהשותפים מצביעים, כל אחד לפי גודלו היחסי בוועדה המשותפת.",
            [
                "מיהו הדרג המאשר שמכריע כשאיננו מסכימים?",
                "האם נשתמש בהצבעה משוקללת, ומהם המשקלים?",
                "איך נוודא שכל חלופה מקבלת התייחסות הוגנת?",
                "איך מחלוקת עולה בדרגים: צוות עבודה, ועדת היגוי, דרג מאשר?",
            ],
        ),
        12: (
            "איך משתפים מידע?",
            "המידע מזין את התכנון המשותף ומאפשר לשותפים לבקר ולהעריך את העבודה. יש לקבוע דרך קבועה להעברתו, "
            "שתומכת בלמידה ושומרת על תיאום בין כל היחידות. האחריות משותפת למשרד המוביל ולכל משתתף. יש להסכים "
            "מראש איך המידע נשלח, מרוכז ונשמר.",
            [
                "איזה מידע כל שותף צריך, וממי?",
                "איך ובאיזו תדירות הוא מועבר?",
                "היכן הוא נשמר, ומי רשאי לעיין בו?",
                "מי אחראי לשלוח מה?",
            ],
        ),
        13: (
            "מי מוביל, מקצועית ותהליכית?",
            "יש למנות מוקדם ועדת הובלה בעלת סמכות על התהליך ועל תוצאותיו. ההובלה המקצועית באה מהגוף בעל "
            "המומחיות הרבה ביותר בנושא; ההובלה התהליכית — מאדם או מקבוצה בעלי ניסיון בניהול תהליכים משותפים "
            "שנתפסים כניטרליים. בראש צריך לעמוד אדם אחד מחויב.",
            [
                "מי חבר בוועדת ההובלה, ומה היא רשאית להחליט?",
                "מי המוביל המקצועי?",
                "מי המוביל התהליכי, והאם הוא נתפס כניטרלי?",
                "מי האדם האחד שעומד בראש השותפות?",
            ],
        ),
        14: (
            "איך המטה והשטח עובדים יחד?",
            "השטח — בדרך כלל המחוזות — מבצע את ההחלטות. יש לשתף אותו מההתחלה: בעיצוב הרעיון, באיסוף הנתונים, "
            "בזיהוי החסמים ובהצעת פתרונות. כך התוכנית משתפרת והשטח מתחייב אליה. יש להאציל לשטח די סמכות כדי "
            "שיוכל להתאים את עצמו ולגלות יצירתיות.",
            [
                "איך שותפו עובדי השטח בעיצוב התוכנית?",
                "איזו סמכות מואצלת לשטח?",
                "איך עובדי השטח מתאמים עם שותפים חיצוניים ועם מקבלי השירות?",
                "איך המטה והשטח מדווחים זה לזה?",
            ],
        ),
        15: (
            "איך נבקר, נעריך ונחדש?",
            "הבקרה בודקת את ההתקדמות מול המטרות והמדדים המוסכמים, כחלק מהעבודה הממשלתית השוטפת. ההערכה מודדת "
            "תפוקות ותוצאות באופן אובייקטיבי, רצוי בידי גוף חיצוני, ונקבעת כבר בהתחלה. מסקנותיה קובעות מה ללמוד "
            "והאם לחדש את התוכנית או לשנות אותה.",
            [
                "מי מבקר, ובאיזו תדירות?",
                "מי מעריך, והאם הוא בלתי תלוי בשותפים?",
                "באילו נתונים תשתמש ההערכה, והאם הם נאספים כבר עכשיו?",
                "מתי ואיך נחליט לחדש, לשנות או לסגור את השותפות?",
            ],
        ),
    },
}

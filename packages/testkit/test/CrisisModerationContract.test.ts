/** The scripted moderation fake keeps the promises every `CrisisModeration` makes. */
import { crisisModerationContract, CrisisModerationFake } from "@jules/testkit"

crisisModerationContract("scripted fake", CrisisModerationFake.harness)

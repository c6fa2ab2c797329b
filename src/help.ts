import {Help} from '@oclif/core'

/**
 * oclif's help, except that help for something that is not a command or
 * topic (`zmgr help zone`) answers as an unknown command does: a "did you
 * mean", `zmgr::usage::unknown-command` and exit 2, instead of oclif's bare
 * "Command zone not found." (the only error oclif's showHelp raises itself).
 */
export default class ZmgrHelp extends Help {
  override async showHelp(argv: string[]): Promise<void> {
    try {
      await super.showHelp(argv)
    } catch (error) {
      const unknown = /^Command (.+) not found\.$/.exec((error as Error).message)
      if (!unknown) throw error
      await this.config.runHook('command_not_found', {id: unknown[1]!, argv: []})
    }
  }
}

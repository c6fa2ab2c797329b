import {link, mkdir, open, readdir, rename, rmdir, unlink, writeFile} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'
import {fsError, isFsError} from '../errors.js'

// node:crypto is loaded on first use (a write), not by every command's start-up.
function tempPathFor(file: string): string {
  return join(
    dirname(file),
    `.${basename(file)}.${process.pid}.${process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex')}.tmp`,
  )
}

async function writeTemp(file: string, text: string, mode: number): Promise<string> {
  await mkdir(dirname(file), {recursive: true})
  const temp = tempPathFor(file)
  const handle = await open(temp, 'wx', mode)
  try {
    await handle.writeFile(text, 'utf8')
    await handle.sync()
  } catch (error) {
    await handle.close()
    await unlink(temp).catch(() => {})
    throw error
  }
  await handle.close()
  return temp
}

/** Errors name the file being written, not the temp file beside it. */
function aboutFile(file: string): (error: unknown) => never {
  return (error) => {
    throw isFsError(error) && error.syscall !== 'mkdir'
      ? fsError(error, file)
      : isFsError(error)
        ? fsError(error)
        : error
  }
}

/**
 * Replace a file's content atomically: readers see the old file or the new
 * one, never half of either, and a crash leaves at most a stray temp file
 * (removeStaleTemps clears those).
 */
export async function writeFileAtomic(file: string, text: string, options: {mode?: number} = {}): Promise<void> {
  const temp = await writeTemp(file, text, options.mode ?? 0o644).catch(aboutFile(file))
  try {
    await rename(temp, file)
  } catch (error) {
    await unlink(temp).catch(() => {})
    aboutFile(file)(error)
  }
}

/**
 * Create a file that must not exist yet, atomically (link fails on an existing
 * name). Returns false, writing nothing, when the file is already there.
 */
export async function createFileExclusive(file: string, text: string, options: {mode?: number} = {}): Promise<boolean> {
  const temp = await writeTemp(file, text, options.mode ?? 0o644).catch(aboutFile(file))
  try {
    await link(temp, file)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    return aboutFile(file)(error)
  } finally {
    await unlink(temp).catch(() => {})
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' // alive, but another user's
  }
}

/**
 * Remove the temp files a crashed (killed, powered-off) writer left beside
 * `file`: `.NAME.PID.HEX.tmp` of a process that no longer runs. Returns the
 * files removed. A missing folder has none.
 */
export async function removeStaleTemps(file: string): Promise<string[]> {
  const prefix = `.${basename(file)}.`
  const names = await readdir(dirname(file)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return []
    throw error
  })
  const removed: string[] = []
  for (const name of names) {
    const pid = name.startsWith(prefix) ? name.slice(prefix.length).match(/^(\d+)\.[0-9a-f]+\.tmp$/)?.[1] : undefined
    if (pid === undefined || processAlive(Number(pid))) continue
    const temp = join(dirname(file), name)
    await unlink(temp).then(
      () => removed.push(temp),
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error
      },
    )
  }
  return removed
}

/**
 * Write a working file (a zonecfg command file) into its folder under the
 * root, making the folder. Another zmgr removing the folder once it is empty
 * (removeWorkFile) can do so between the mkdir and the write: then try again.
 */
export async function writeWorkFile(file: string, text: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await mkdir(dirname(file), {recursive: true})
      await writeFile(file, text)
      return
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 10) throw error
    }
  }
}

/** Remove a working file and its folder once the folder is empty; both may already be gone. */
export async function removeWorkFile(file: string): Promise<void> {
  await unlink(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error
  })
  await rmdir(dirname(file)).catch((error: NodeJS.ErrnoException) => {
    if (!['ENOENT', 'ENOTEMPTY', 'EEXIST'].includes(error.code ?? '')) throw error
  })
}

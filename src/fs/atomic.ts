import {randomBytes} from 'node:crypto'
import {link, mkdir, open, rename, unlink} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'

function tempPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
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

/**
 * Replace a file's content atomically: readers see the old file or the new
 * one, never half of either, and a crash leaves at most a stray temp file.
 */
export async function writeFileAtomic(file: string, text: string, options: {mode?: number} = {}): Promise<void> {
  const temp = await writeTemp(file, text, options.mode ?? 0o644)
  try {
    await rename(temp, file)
  } catch (error) {
    await unlink(temp).catch(() => {})
    throw error
  }
}

/**
 * Create a file that must not exist yet, atomically (link fails on an existing
 * name). Returns false, writing nothing, when the file is already there.
 */
export async function createFileExclusive(file: string, text: string, options: {mode?: number} = {}): Promise<boolean> {
  const temp = await writeTemp(file, text, options.mode ?? 0o644)
  try {
    await link(temp, file)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    await unlink(temp).catch(() => {})
  }
}

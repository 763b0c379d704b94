package dev.ferry.drills;

import java.util.Map;

/**
 * The Redis a drill's Ferry processes use, started for the drill alone: how they are
 * pointed at it, and stopping it.
 */
interface DrillRedis extends AutoCloseable {

	/** The Spring properties that point a Ferry process at it. */
	Map<String, Object> properties();

	@Override
	void close();

}

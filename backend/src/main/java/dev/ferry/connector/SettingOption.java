package dev.ferry.connector;

/**
 * One object of the connected system a {@link SettingField.Type#PICKED} setting may hold.
 *
 * @param id what is stored
 * @param label what people recognise it by
 */
public record SettingOption(String id, String label) {

}

/**
 * The menu of the tabs that do not fit on the tab row (TabBar). Its own chunk: Fluent's Menu
 * brings the focus manager and the positioning code, which a wide pane never needs.
 */
import {
  Menu,
  MenuButton,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
} from "@fluentui/react-components";

export default function TabOverflowMenu(props: {
  label: string;
  items: readonly { key: string; label: string }[];
  className?: string;
  onSelect: (key: string) => void;
}) {
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <MenuButton
          appearance="subtle"
          size="small"
          className={props.className}
          data-testid="tab-more"
        >
          {props.label}
        </MenuButton>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {props.items.map((item) => (
            <MenuItem key={item.key} onClick={() => props.onSelect(item.key)}>
              {item.label}
            </MenuItem>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
